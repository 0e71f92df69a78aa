import { SmppTestServer } from '../../../test/support/smpp-server';
import { waitFor } from '../../../test/support/wait';
import { ChannelError } from '../src/channels/message-channel';
import { SmppChannel, type SmppMo, type SmppReceipt } from '../src/channels/smpp.channel';
import { loadMessagingConfig, type SmppConfig } from '../src/messaging.config';

// SmppChannel against a real SMPP server (the `smpp` package's): bind, encodings and concatenation, receipts, replies,
// and the faults — bind refused, throttled, connection dropped, no answer — with the window and the keep-alive.
describe('SmppChannel', () => {
  let smsc: SmppTestServer;
  const receipts: SmppReceipt[] = [];
  const mos: SmppMo[] = [];
  let failMo = false;
  const logs: string[] = [];
  const logger = { log: (m: string) => void logs.push(m), warn: (m: string) => void logs.push(m) };
  const inbound = {
    onReceipt: async (r: SmppReceipt) => (receipts.push(r), 'recorded' as const),
    onMo: async (m: SmppMo) => {
      if (failMo) throw new Error('database unavailable');
      mos.push(m);
    },
  };
  const channels: SmppChannel[] = [];
  function open(env: Record<string, string> = {}, timeoutMs?: number): SmppChannel {
    const cfg = loadMessagingConfig(smsc.env(env)).smpp as SmppConfig;
    const c = new SmppChannel(cfg, inbound, logger, timeoutMs);
    channels.push(c);
    c.start();
    return c;
  }
  const KY = 'Эскертүү: эртең 08.12 саат 10:00 жолугушууңуз бар. Жери: Бишкек, Токтогула 12, 3-кабат, 305-бөлмө. Паспортуңузду алып келиңиз.';

  beforeEach(async () => {
    smsc = await SmppTestServer.start();
    receipts.length = 0;
    mos.length = 0;
    failMo = false;
  });
  afterEach(async () => {
    await Promise.all(channels.splice(0).map((c) => c.stop()));
    await smsc.close();
  });

  it('should bind as transceiver and send Kyrgyz as UCS-2 in concatenated parts, asking a receipt for the last part', async () => {
    const c = open();
    expect(await c.waitBound(5000)).toBe(true);
    expect(smsc.binds).toEqual([expect.objectContaining({ systemId: 'kaytuu', password: 'secret', accepted: true })]);
    expect(c.state()).toEqual({ up: true, detail: 'bound as transceiver' });
    const sent = await c.send('+996 555 123 456', KY, { messageId: 'x' });
    expect(sent).toMatchObject({ segments: 2, encoding: 'ucs2' });
    const parts = smsc.accepted();
    expect(parts.map((p) => [p.destination, p.dataCoding, p.esmClass, p.registeredDelivery, p.udh?.total, p.udh?.part])).toEqual([
      ['996555123456', 8, 0x40, 0, 2, 1],
      ['996555123456', 8, 0x40, 1, 2, 2],
    ]);
    expect(parts[0].udh!.ref).toBe(parts[1].udh!.ref);
    expect(smsc.messages()).toEqual([expect.objectContaining({ text: KY, segments: 2, dataCoding: 8, messageId: sent.providerId })]);
    expect(sent.providerId).toBe(parts[1].messageId);
    // the receipt of the last part comes back through the handler
    await waitFor(() => receipts.length === 1);
    expect(receipts[0]).toMatchObject({ providerId: sent.providerId, delivered: true, final: true, reason: 'delivered' });

    const en = await c.send('996555123456', 'Reminder: today at 10:00, Toktogul st. 12.', { messageId: 'y' });
    expect(en).toMatchObject({ segments: 1, encoding: 'gsm7' });
    expect(smsc.accepted()[2]).toMatchObject({
      dataCoding: 0,
      esmClass: 0,
      registeredDelivery: 1,
      udh: null,
      text: 'Reminder: today at 10:00, Toktogul st. 12.',
    });
  });

  it('should turn a failed receipt into a reason, and ignore intermediate states', async () => {
    const c = open();
    await c.waitBound(5000);
    smsc.autoReceipt = false;
    const sent = await c.send('996555123456', 'hello', { messageId: 'x' });
    expect(await smsc.sendReceipt(sent.providerId, 'ENROUTE')).toBe(0);
    expect(await smsc.sendReceipt(sent.providerId, 'UNDELIV')).toBe(0);
    expect(receipts).toEqual([expect.objectContaining({ providerId: sent.providerId, delivered: false, reason: 'receipt_undeliv' })]);
  });

  it('should keep trying a refused bind with backoff, and say so in its state meanwhile', async () => {
    smsc.refuseBinds = 2;
    const c = open({ SMPP_RECONNECT_MS: '200' });
    await waitFor(() => smsc.binds.length >= 1);
    await waitFor(() => c.state().detail?.startsWith('bind refused'));
    expect(c.state().up).toBe(false);
    await expect(c.send('996555123456', 'hello', { messageId: 'x' })).rejects.toMatchObject({ reason: 'smpp_not_bound', retryable: true });
    expect(await c.waitBound(5000)).toBe(true);
    expect(smsc.binds.map((b) => b.accepted)).toEqual([false, false, true]);
    // backoff: the second retry waited longer than the first
    const [a, b, d] = smsc.binds.map((x) => x.at);
    expect(d - b).toBeGreaterThan(b - a);
  });

  it('should back off when throttled (ESME_RTHROTTLED) and send afterwards', async () => {
    const c = open();
    await c.waitBound(5000);
    smsc.throttleNext = 1;
    const err = await c.send('996555123456', 'one', { messageId: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ reason: 'smpp_throttled', retryable: true, retryAfterMs: 1000 });
    const t0 = Date.now();
    await c.send('996555123456', 'two', { messageId: 'y' });
    // the channel paused before the next submit
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(smsc.accepted().map((s) => s.text)).toEqual(['two']);
  });

  it('should fail the submits in flight as retryable when the connection drops, and bind again', async () => {
    const c = open();
    await c.waitBound(5000);
    smsc.dropAfterAccepted = 1;
    const results = await Promise.allSettled([1, 2, 3].map((i) => c.send('996555123456', `msg ${i}`, { messageId: String(i) })));
    expect(results[0].status).toBe('fulfilled');
    for (const r of results.slice(1)) expect(r).toMatchObject({ status: 'rejected', reason: { retryable: true } });
    expect(await c.waitBound(5000)).toBe(true);
    await waitFor(() => smsc.binds.length === 2 && c.state().up);
    await c.send('996555123456', 'after', { messageId: '4' });
    expect(smsc.accepted().map((s) => s.text)).toEqual(['msg 1', 'after']);
  });

  it('should keep at most SMPP_WINDOW submits unanswered and give up on one the SMSC never answers', async () => {
    const c = open({ SMPP_WINDOW: '2' }, 700);
    await c.waitBound(5000);
    smsc.silent = true;
    const all = Promise.allSettled([1, 2, 3, 4].map((i) => c.send('996555123456', `w ${i}`, { messageId: String(i) })));
    await new Promise((r) => setTimeout(r, 300));
    expect(smsc.submits).toHaveLength(2);
    const results = await all;
    expect(results.filter((r) => r.status === 'rejected').length).toBe(4);
    expect(results[0]).toMatchObject({ reason: { reason: 'smpp_timeout', retryable: true } });
  });

  it('should hand replies to the dispatcher, answer only after it recorded them, and name a retransmission the same', async () => {
    const c = open();
    await c.waitBound(5000);
    expect(await smsc.sendMo('996555123456', 'Токтот', { userMessageReference: 7 })).toBe(0);
    expect(await smsc.sendMo('996555123456', 'Токтот', { userMessageReference: 7 })).toBe(0);
    expect(mos.map((m) => [m.from, m.text])).toEqual([
      ['996555123456', 'Токтот'],
      ['996555123456', 'Токтот'],
    ]);
    expect(mos[0].providerId).toBe(mos[1].providerId);
    failMo = true;
    expect(await smsc.sendMo('996555123456', '1')).toBe(0x64); // ESME_RX_T_APPN: the SMSC will retry
    expect(logs.join('\n')).not.toMatch(/996555123456|Токтот/);
  });

  it('should keep the bind alive with enquire_link', async () => {
    const c = open({ SMPP_ENQUIRE_LINK_SECONDS: '1' });
    await c.waitBound(5000);
    await waitFor(() => smsc.enquireLinks >= 2, 5000);
    expect(c.state().up).toBe(true);
  });
});
