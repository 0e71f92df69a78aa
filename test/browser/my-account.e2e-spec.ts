import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// Issue 22 in the console: "My account" from the user menu lists where the user is signed in, ends the other sessions
// (really: their tokens are refused at once) and changes the password (the current one required).
describe('browser: my account — sessions and password', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let caseworker: GivenUser;

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist, env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    base = await listenLocally(t.app);
    caseworker = await t.given.user('caseworker', { fullName: 'Жылдыз Осмонова' });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should list the sessions, end the others and change the password', async () => {
    const laptop = await t.http
      .post('/api/auth/login')
      .set('User-Agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')
      .send({ email: caseworker.email, password: caseworker.password });
    expect(laptop.status).toBe(200);
    const page = browser.page;
    await signIn(page, base, caseworker, 'Жылдыз Осмонова');
    await page.getByRole('button', { name: 'Жылдыз Осмонова' }).click();
    await page.getByTestId('menu-my-account').click();
    await page.getByRole('heading', { name: 'Где выполнен вход' }).waitFor();
    const rows = page.getByTestId('session-row');
    // the helper's own sign-in, the Firefox one and this browser's
    await waitFor(async () => (await rows.count()) === 3);
    await page.getByText('Firefox 133 · Windows').waitFor();
    await waitFor(async () => (await page.getByText('это устройство').count()) === 1);

    await page.getByTestId('end-other-sessions').click();
    await waitFor(async () => (await rows.count()) === 1);
    expect((await t.http.get('/api/auth/me').set(bearer({ token: laptop.body.accessToken }))).status).toBe(401);

    // a wrong current password: the message under the field, nothing changed
    await page.getByLabel('Текущий пароль').fill('not my password at all');
    await page.getByLabel('Новый пароль (не короче 12 символов)').fill('Son-Kul lake summer 2027');
    await page.getByLabel('Новый пароль ещё раз').fill('Son-Kul lake summer 2027');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Текущий пароль указан неверно.').first().waitFor();
    await page.getByLabel('Текущий пароль').fill(caseworker.password);
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Пароль изменён; остальные сеансы завершены.').waitFor();
    expect((await t.http.post('/api/auth/login').send({ email: caseworker.email, password: 'Son-Kul lake summer 2027' })).status).toBe(200);
    // this browser's session goes on
    await page.reload();
    await page.getByRole('heading', { name: 'Где выполнен вход' }).waitFor();
  });

  it("should let an admin sign a user out everywhere from the user's page", async () => {
    const admin = await t.given.user('admin', { fullName: 'Админ Тестов' });
    const user = await t.given.user('caseworker', { fullName: 'Нурбек Асанов' });
    const page = browser.page;
    await signIn(page, base, admin, 'Админ Тестов');
    await page.goto(`${base}/#/users/${user.id}`);
    await page.getByTestId('end-user-sessions').click();
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Завершён 1 сеанс').waitFor();
    expect((await t.http.get('/api/auth/me').set(bearer(user))).status).toBe(401);
  });
});
