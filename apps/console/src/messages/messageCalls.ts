import { API_URL, httpClient } from '../providers/httpClient';
import type { ChannelStates, CheckinList, CheckinSchedule, Contact, MessageChannel, MessageRow, MessageStats } from './messageModel';

// The messaging API calls outside ra-data-simple-rest (the conversation list goes through it as resource "messages").
const enc = encodeURIComponent;
const json = (body: unknown) => ({ method: 'PUT', body: JSON.stringify(body) });

export async function getContact(returneeId: string): Promise<Contact> {
  const { json: c } = await httpClient(`${API_URL}/returnees/${enc(returneeId)}/contact`);
  return c as Contact;
}

export async function putContact(returneeId: string, body: { preferredChannel?: MessageChannel | null; telegramLinked?: boolean }): Promise<Contact> {
  const { json: c } = await httpClient(`${API_URL}/returnees/${enc(returneeId)}/contact`, json(body));
  return c as Contact;
}

export type TelegramLink = { url: string; expiresAt: string; qrSvg: string };
export async function createTelegramLink(returneeId: string): Promise<TelegramLink> {
  const { json: l } = await httpClient(`${API_URL}/returnees/${enc(returneeId)}/telegram-link`, { method: 'POST', body: '{}' });
  return l as TelegramLink;
}

export async function sendMessage(returneeId: string, body: Record<string, unknown>): Promise<MessageRow | null> {
  const { json: m } = await httpClient(`${API_URL}/returnees/${enc(returneeId)}/messages`, { method: 'POST', body: JSON.stringify(body) });
  return (m as MessageRow) ?? null;
}

// null: no schedule yet (the API answers 404)
export async function getCheckinSchedule(caseId: string): Promise<CheckinSchedule | null> {
  try {
    const { json: s } = await httpClient(`${API_URL}/cases/${enc(caseId)}/checkin-schedule`);
    return s as CheckinSchedule;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

export async function putCheckinSchedule(caseId: string, body: Record<string, unknown>): Promise<CheckinSchedule> {
  const { json: s } = await httpClient(`${API_URL}/cases/${enc(caseId)}/checkin-schedule`, json(body));
  return s as CheckinSchedule;
}

export async function getCheckins(caseId: string): Promise<CheckinList> {
  const { json: l } = await httpClient(`${API_URL}/cases/${enc(caseId)}/checkins`);
  return l as CheckinList;
}

export async function fetchMessageStats(p: { from: string; to: string; officeId?: string }): Promise<MessageStats> {
  const q = new URLSearchParams({ from: p.from, to: p.to, ...(p.officeId ? { officeId: p.officeId } : {}) });
  const { json: s } = await httpClient(`${API_URL}/messages/stats?${q.toString()}`);
  return s as MessageStats;
}

// The channels' state from the public health check (which answers 503 with the same body when something is down).
export async function fetchChannelStates(): Promise<ChannelStates | null> {
  const res = await fetch(`${API_URL}/health`, { headers: { Accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as { channels?: ChannelStates } | null;
  return body?.channels ?? null;
}
