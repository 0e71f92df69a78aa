import { encodings } from 'smpp';
import { concatUdh, countSegments, planSms } from './segments';

describe('SMS segments', () => {
  it('should send Latin text as GSM-7: 160 septets in one segment, 153 a part beyond', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'gsm7', segments: 1 });
    expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'gsm7', segments: 2 });
    expect(countSegments('a'.repeat(306))).toEqual({ encoding: 'gsm7', segments: 2 });
    expect(countSegments('a'.repeat(307))).toEqual({ encoding: 'gsm7', segments: 3 });
    // an extension character takes two septets
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'gsm7', segments: 1 });
    expect(countSegments('€'.repeat(81))).toEqual({ encoding: 'gsm7', segments: 2 });
  });

  it('should send Cyrillic and Kyrgyz letters as UCS-2: 70 a segment, 67 a part beyond', () => {
    expect(countSegments('ө'.repeat(70))).toEqual({ encoding: 'ucs2', segments: 1 });
    expect(countSegments('ж'.repeat(71))).toEqual({ encoding: 'ucs2', segments: 2 });
    expect(countSegments('ү'.repeat(134))).toEqual({ encoding: 'ucs2', segments: 2 });
    expect(countSegments('ң'.repeat(135))).toEqual({ encoding: 'ucs2', segments: 3 });
    // one Cyrillic letter makes the whole text UCS-2
    expect(countSegments(`${'a'.repeat(100)}ы`)).toEqual({ encoding: 'ucs2', segments: 2 });
  });

  it('should cut parts that join back to the text, never inside an escape or a surrogate pair', () => {
    const ky = 'Эскертүү: эртең 08.12 саат 10:00 жолугушууңуз бар. Жери: Бишкек, Токтогула 12, 3-кабат, 305-бөлмө. Паспортуңузду алып келиңиз.';
    const p = planSms(ky);
    expect(p.encoding).toBe('ucs2');
    expect(p.dataCoding).toBe(8);
    expect(p.parts.map((b) => b.length)).toEqual([134, (ky.length - 67) * 2]);
    expect(Buffer.concat(p.parts).toString('utf16le').length).toBe(ky.length);
    expect(encodings.UCS2.decode(Buffer.concat(p.parts))).toBe(ky);

    const euros = `${'a'.repeat(152)}€${'b'.repeat(10)}`;
    const g = planSms(euros);
    expect(g.parts[0].length).toBe(152); // the € (ESC + e) moves whole to the next part
    expect(encodings.ASCII.decode(Buffer.concat(g.parts))).toBe(euros);

    const emoji = `${'я'.repeat(66)}😀${'я'.repeat(10)}`;
    const e = planSms(emoji);
    expect(e.parts[0].length).toBe(132);
    expect(encodings.UCS2.decode(Buffer.concat(e.parts))).toBe(emoji);
  });

  it('should build the 6-byte concatenation header', () => {
    expect([...concatUdh(0x1a2, 3, 2)]).toEqual([5, 0, 3, 0xa2, 3, 2]);
  });
});
