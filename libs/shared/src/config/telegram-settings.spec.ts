import { loadAppConfig, telegramSettings } from './app.config';

// The Telegram bot's settings (README "Reaching the returnee: Telegram"): off without a token, checked at boot.
describe('telegramSettings', () => {
  const base = {
    DATABASE_URL: 'postgres://x@127.0.0.1/x',
    JWT_SECRET: 'a-secret-of-sixteen+',
    DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    DATA_HMAC_KEY: Buffer.alloc(32, 2).toString('base64'),
  };
  const token = '123456789:AAH0123456789abcdefghijklmnopqrstuv';
  const secret = 'x'.repeat(32);

  it('should be off when TELEGRAM_BOT_TOKEN is unset', () => {
    expect(loadAppConfig(base).telegram).toBeNull();
  });

  it('should poll without a webhook secret and use the webhook with one, against api.telegram.org by default', () => {
    expect(telegramSettings({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_BOT_USERNAME: '@kaytuu_bot' })).toEqual({
      token,
      username: 'kaytuu_bot',
      apiRoot: 'https://api.telegram.org',
      webhookSecret: undefined,
      mode: 'polling',
    });
    const cfg = loadAppConfig({
      ...base,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_BOT_USERNAME: 'kaytuu_bot',
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
    });
    expect(cfg.telegram).toEqual({ token, username: 'kaytuu_bot', apiRoot: 'http://127.0.0.1:8081', webhookSecret: secret, mode: 'webhook' });
  });

  it('should stop the boot when a value is wrong or missing', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ TELEGRAM_BOT_TOKEN: 'not-a-token', TELEGRAM_BOT_USERNAME: 'kaytuu_bot' }, /TELEGRAM_BOT_TOKEN/],
      [{ TELEGRAM_BOT_TOKEN: token }, /needs TELEGRAM_BOT_USERNAME/],
      [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_BOT_USERNAME: 'kaytuu' }, /TELEGRAM_BOT_USERNAME/],
      [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_BOT_USERNAME: 'kaytuu_bot', TELEGRAM_MODE: 'webhook' }, /needs TELEGRAM_WEBHOOK_SECRET/],
      [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_BOT_USERNAME: 'kaytuu_bot', TELEGRAM_WEBHOOK_SECRET: 'short' }, /TELEGRAM_WEBHOOK_SECRET/],
      [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_BOT_USERNAME: 'kaytuu_bot', TELEGRAM_MODE: 'push' }, /TELEGRAM_MODE/],
      [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_BOT_USERNAME: 'kaytuu_bot', TELEGRAM_API_ROOT: 'ftp://x' }, /TELEGRAM_API_ROOT/],
    ];
    for (const [env, message] of bad) expect(() => loadAppConfig({ ...base, ...env })).toThrow(message);
  });
});
