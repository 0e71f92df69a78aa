import { startTelegramServer, TelegramTestServer } from '../../../test/support/telegram-server';
import { ChannelError } from '../src/channels/message-channel';
import { inlineKeyboard, TelegramChannel } from '../src/channels/telegram.channel';

// TelegramChannel through grammY against the local Bot API server: what it sends, and how refusals become ChannelError.
describe('TelegramChannel', () => {
  let tg: TelegramTestServer;
  let channel: TelegramChannel;

  beforeAll(async () => {
    tg = await startTelegramServer();
    channel = new TelegramChannel({ token: tg.token, username: tg.username, apiRoot: tg.apiRoot, mode: 'polling' });
  });
  afterAll(() => tg.close());

  it('should send the text with an inline keyboard and answer the message id as provider id', async () => {
    const keyboard = [
      { label: 'Да', data: 'checkin:yes' },
      { label: 'Нет', data: 'checkin:no' },
      { label: 'Побочные эффекты', data: 'checkin:side_effects' },
    ];
    const sent = await channel.send('424242', 'Вы приняли лекарство сегодня?', { messageId: 'm1', keyboard });
    const call = tg.callsOf('sendMessage').at(-1)!;
    expect(call.body).toMatchObject({ chat_id: '424242', text: 'Вы приняли лекарство сегодня?' });
    // three short answers side by side
    expect(call.body.reply_markup).toEqual({ inline_keyboard: [keyboard.map((k) => ({ text: k.label, callback_data: k.data }))] });
    expect(sent).toEqual({ providerId: expect.stringMatching(/^\d+$/), segments: 1 });
    expect(channel.state().up).toBe(true);
  });

  it('should put up to three short answers side by side, longer lists one per row, and refuse a callback over 64 bytes', () => {
    const long = ['Работаю', 'Учусь', 'Ищу работу', 'Уехал снова'].map((label, i) => ({ label, data: `m:${i}` }));
    expect(inlineKeyboard(long)).toEqual(long.map((k) => [{ text: k.label, callback_data: k.data }]));
    expect(
      inlineKeyboard([
        { label: 'Ооба', data: 'y' },
        { label: 'Жок', data: 'n' },
      ]),
    ).toEqual([
      [
        { text: 'Ооба', callback_data: 'y' },
        { text: 'Жок', callback_data: 'n' },
      ],
    ]);
    expect(() => inlineKeyboard([{ label: 'x', data: 'ж'.repeat(33) }])).toThrow(ChannelError);
  });

  it('should answer 429 as a retryable ChannelError carrying retry_after, and 5xx as retryable', async () => {
    tg.failNext('sendMessage', { status: 429, retryAfter: 7 }, { status: 502 });
    const throttled = await channel.send('1', 'a', { messageId: 'm2' }).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(ChannelError);
    expect(throttled).toMatchObject({ reason: 'telegram_429', retryable: true, retryAfterMs: 7000 });
    const down = await channel.send('1', 'a', { messageId: 'm3' }).catch((e: unknown) => e);
    expect(down).toMatchObject({ reason: 'telegram_502', retryable: true, retryAfterMs: undefined });
    expect(channel.state()).toMatchObject({ up: false, detail: expect.stringContaining('telegram_502') });
    // the reason never carries the chat or the text
    expect(JSON.stringify([throttled, down, (down as Error).message])).not.toMatch(/"a"|chat_id/);
  });

  it('should answer a refused chat (403, 400) as final, and an unreachable server as retryable', async () => {
    const bad = await channel.send('not-a-chat', 'a', { messageId: 'm4' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ reason: 'telegram_bad_chat', retryable: false });
    const empty = await channel.send('5', '', { messageId: 'm5' }).catch((e: unknown) => e);
    expect(empty).toMatchObject({ reason: 'telegram_400', retryable: false });
    const off = new TelegramChannel({ token: tg.token, username: tg.username, apiRoot: 'http://127.0.0.1:9', mode: 'polling' });
    await expect(off.send('5', 'a', { messageId: 'm6' })).rejects.toMatchObject({ reason: 'telegram_unreachable', retryable: true });
  });
});
