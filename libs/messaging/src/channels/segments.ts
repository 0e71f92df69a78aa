// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `smpp` ships no types: its declarations (smpp-types.d.ts) must be seen by every build that compiles this file
/// <reference path="./smpp-types.d.ts" />
import { encodings } from 'smpp';

// How an SMS text travels and what it costs: GSM-7 (data_coding 0) when every character is in the GSM 03.38 alphabet
// (its extension characters — € [ ] { } ~ ^ | \ — take two septets), else UCS-2 (data_coding 8, UTF-16BE: Cyrillic,
// Kyrgyz ң ө ү). One segment holds 160 septets / 70 UCS-2 units; a concatenated message carries a 6-byte UDH in each
// part, leaving 153 / 67. The segment count is what the operator bills and is recorded on the message.
export type SmsEncoding = 'gsm7' | 'ucs2';
export type SmsPlan = { encoding: SmsEncoding; dataCoding: 0 | 8; segments: number; parts: Buffer[] };

export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

export function isGsm7(text: string): boolean {
  return encodings.ASCII.match(text);
}

// The payloads (without UDH) of each segment. A part never ends on the escape of an extension character (GSM-7) or on
// the first half of a surrogate pair (UCS-2).
export function planSms(text: string): SmsPlan {
  if (isGsm7(text)) {
    const bytes = encodings.ASCII.encode(text); // one byte per septet, unpacked, as SMPP carries it
    return { encoding: 'gsm7', dataCoding: 0, ...split(bytes, GSM7_SINGLE, GSM7_PART, 1, (b, end) => b[end - 1] === 0x1b) };
  }
  const bytes = encodings.UCS2.encode(text);
  return {
    encoding: 'ucs2',
    dataCoding: 8,
    ...split(bytes, UCS2_SINGLE * 2, UCS2_PART * 2, 2, (b, end) => {
      const unit = b.readUInt16BE(end - 2);
      return unit >= 0xd800 && unit <= 0xdbff;
    }),
  };
}

export function countSegments(text: string): { encoding: SmsEncoding; segments: number } {
  const p = planSms(text);
  return { encoding: p.encoding, segments: p.segments };
}

function split(
  bytes: Buffer,
  single: number,
  part: number,
  unit: number,
  cutsPair: (b: Buffer, end: number) => boolean,
): { segments: number; parts: Buffer[] } {
  if (bytes.length <= single) return { segments: 1, parts: [bytes] };
  const parts: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + part, bytes.length);
    if (end < bytes.length && cutsPair(bytes, end)) end -= unit;
    parts.push(bytes.subarray(start, end));
    start = end;
  }
  return { segments: parts.length, parts };
}

// The concatenation header of part `seq` (1-based) of `total`, 8-bit reference (IEI 0x00).
export function concatUdh(ref: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, ref & 0xff, total, seq]);
}
