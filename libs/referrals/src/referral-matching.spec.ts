import type { OrganizationDto } from '@kaytuu/directory';
import { rankOrganizations } from './referral-matching';

let n = 0;
const org = (p: Partial<OrganizationDto>): OrganizationDto => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  name: `Org ${n}`,
  kind: 'ngo',
  services: ['job_placement'],
  oblasts: [],
  sectors: [],
  capacity: null,
  contactEmail: 'x@example.kg',
  webhookUrl: null,
  hasWebhookSecret: false,
  notes: null,
  active: true,
  ...p,
});

describe('rankOrganizations', () => {
  it('should score +2 for the oblast, +1 per shared sector and +1 for places when all apply', () => {
    const [m] = rankOrganizations([org({ oblasts: ['osh'], sectors: ['construction', 'trade', 'transport'], capacity: 5 })], {
      oblast: 'osh',
      sectors: ['construction', 'transport', 'agriculture'],
    });
    expect(m.score).toBe(5);
    expect(m.reasons).toEqual(['oblast', 'sector:construction', 'sector:transport', 'capacity']);
  });

  it('should rank the best first and keep the given (name) order when scores tie', () => {
    const a = org({ name: 'A', oblasts: ['chuy'] });
    const b = org({ name: 'B', oblasts: ['osh'] });
    const c = org({ name: 'C', oblasts: ['osh'], capacity: 0 });
    const d = org({ name: 'D', sectors: ['trade'], capacity: 3 });
    const ranked = rankOrganizations([a, b, c, d], { oblast: 'osh', sectors: ['trade'] });
    expect(ranked.map((m) => [m.organization.name, m.score])).toEqual([
      ['B', 2],
      ['C', 2],
      ['D', 2],
      ['A', 0],
    ]);
  });

  it('should give no oblast point when the oblast is unknown and count a repeated sector once', () => {
    const [m] = rankOrganizations([org({ oblasts: ['osh'], sectors: ['trade'] })], { oblast: null, sectors: ['trade', 'trade'] });
    expect(m).toMatchObject({ score: 1, reasons: ['sector:trade'] });
  });

  it('should return at most the limit when there are more candidates', () => {
    const many = Array.from({ length: 25 }, (_, i) => org({ capacity: i % 2 }));
    const ranked = rankOrganizations(many, { oblast: null, sectors: [] });
    expect(ranked).toHaveLength(20);
    expect(ranked.slice(0, 12).every((m) => m.score === 1)).toBe(true);
  });
});
