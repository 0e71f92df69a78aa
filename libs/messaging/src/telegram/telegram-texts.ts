// What the bot itself answers in a chat (linking), in ky, ru and en. Everything sent through the outbox comes from
// templates.json instead; these few answers are not messages of a returnee (an unknown code has no returnee).
export const BOT_LANGUAGES = ['ky', 'ru', 'en'] as const;
export type BotLanguage = (typeof BOT_LANGUAGES)[number];
export type BotTextKey = 'linked' | 'codeUsed' | 'codeExpired' | 'codeUnknown' | 'welcome';

const TEXTS: Record<BotTextKey, Record<BotLanguage, string>> = {
  linked: {
    ky: 'Telegram Kaytuu менен байланышты. Макулдугуңузду бергенден кийин кызматкериңиз сизге ушул жерге жазат.',
    ru: 'Telegram подключён к Kaytuu. Специалист будет писать вам сюда после того, как вы дадите согласие.',
    en: 'Telegram is now linked to Kaytuu. Your caseworker will write to you here once you have agreed to it.',
  },
  codeUsed: {
    ky: 'Бул шилтеме мурда колдонулган. Кызматкериңизден жаңы шилтеме сураңыз.',
    ru: 'Эта ссылка уже использована. Попросите у специалиста новую.',
    en: 'This link has already been used. Ask your caseworker for a new one.',
  },
  codeExpired: {
    ky: 'Бул шилтеменин мөөнөтү бүттү (шилтеме 15 мүнөт иштейт). Кызматкериңизден жаңы шилтеме сураңыз.',
    ru: 'Срок действия ссылки истёк (она действует 15 минут). Попросите у специалиста новую.',
    en: 'This link has expired (a link works for 15 minutes). Ask your caseworker for a new one.',
  },
  codeUnknown: {
    ky: 'Бул шилтеме жараксыз. Кызматкериңизден жаңы шилтеме сураңыз.',
    ru: 'Ссылка недействительна. Попросите у специалиста новую.',
    en: 'This link is not valid. Ask your caseworker for a new one.',
  },
  welcome: {
    ky: 'Саламатсызбы! Бул Kaytuu боту. Кызматкериңиздин билдирүүлөрүн алуу үчүн ал берген шилтемени же QR-кодду ачыңыз.',
    ru: 'Здравствуйте! Это бот Kaytuu. Чтобы получать сообщения от специалиста, откройте ссылку или QR-код, который он вам даст.',
    en: 'Hello! This is the Kaytuu bot. To get messages from your caseworker, open the link or QR code they give you.',
  },
};

export function botText(key: BotTextKey, language: BotLanguage): string {
  return TEXTS[key][language];
}

// The returnee's first spoken language the bot speaks, else Telegram's language of the user, else Russian.
export function botLanguage(returneeLanguages: readonly string[] = [], telegramLanguage?: string): BotLanguage {
  const known = (l: string | undefined): l is BotLanguage => (BOT_LANGUAGES as readonly string[]).includes(l ?? '');
  const tg = telegramLanguage?.slice(0, 2).toLowerCase();
  return returneeLanguages.find(known) ?? (known(tg) ? tg : 'ru');
}
