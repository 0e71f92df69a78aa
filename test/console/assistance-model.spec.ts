import {
  ASSISTANCE_STATUSES,
  ASSISTANCE_TYPES,
  CURRENCIES,
  DISBURSEMENT_METHODS,
  LEDGER_KINDS,
  SURVIVAL_MILESTONES,
  USED_AS_INTENDED,
} from '../../libs/assistance/src/assistance.types';
import * as model from '../../apps/console/src/assistance/assistanceModel';
import { canRelease, canReverse, reverseAmountMinor, reverseAmountProblem, reversibleMinor } from '../../apps/console/src/assistance/reversalModel';
import { computeMatch as serverMatch, plannedTranches } from '../../libs/assistance/src/matching';
import * as matching from '../../apps/console/src/assistance/matchingModel';
import { formatMoney, moneyInputText, parseMoney, CURRENCIES as CONSOLE_CURRENCIES } from '../../apps/console/src/assistance/money';

// Intl output uses no-break and narrow no-break spaces between groups and before the currency; compare with plain ones
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('console assistance money', () => {
  it('should format minor units per currency and UI language, whole amounts without decimals', () => {
    expect(plain(formatMoney(123456, 'KGS', 'ru'))).toBe('1 234,56 сом');
    expect(plain(formatMoney(2500000, 'KGS', 'ru'))).toBe('25 000 сом');
    expect(plain(formatMoney(123450, 'USD', 'en'))).toBe('US$1,234.50');
    expect(plain(formatMoney(123450, 'KGS', 'en'))).toBe('KGS 1,234.50');
    expect(plain(formatMoney(99, 'USD', 'ru'))).toBe('0,99 $');
    expect(plain(formatMoney(5, 'EUR', 'en'))).toBe('€0.05');
    // Kyrgyz numbers are written as in Kyrgyzstan (ru-KG)
    expect(plain(formatMoney(100000, 'KGS', 'ky'))).toBe('1 000 сом');
    expect(formatMoney(null, 'KGS', 'ru')).toBe('');
  });

  it('should parse typed major units into whole minor units without floating errors', () => {
    expect(parseMoney('19.99', 'USD')).toEqual({ minor: 1999 });
    expect(parseMoney('0,29', 'KGS')).toEqual({ minor: 29 });
    expect(parseMoney('1 234,5', 'KGS')).toEqual({ minor: 123450 });
    expect(parseMoney('25\u00a0000', 'KGS')).toEqual({ minor: 2500000 });
    expect(parseMoney('1.1', 'EUR')).toEqual({ minor: 110 });
    expect(parseMoney('4.35', 'USD')).toEqual({ minor: 435 });
    expect(parseMoney(',5', 'USD')).toEqual({ minor: 50 });
    expect(parseMoney('90071992547409.91', 'KGS')).toEqual({ minor: 9007199254740991 });
    // every cent from 0.01 to 9.99 lands on its integer (4.35 * 100 is 434.99999999999994 in floating point)
    for (let cents = 1; cents < 1000; cents++) {
      expect(parseMoney(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, 'USD')).toEqual({ minor: cents });
    }
  });

  it('should name what is wrong with a typed amount', () => {
    expect(parseMoney('', 'KGS')).toBeNull();
    expect(parseMoney('  ', 'KGS')).toBeNull();
    expect(parseMoney('1.234', 'KGS')).toEqual({ problem: 'app.assistance.money.too_many_decimals' });
    expect(parseMoney('-5', 'KGS')).toEqual({ problem: 'app.assistance.money.positive' });
    expect(parseMoney('0', 'KGS')).toEqual({ problem: 'app.assistance.money.positive' });
    expect(parseMoney('0.00', 'USD')).toEqual({ problem: 'app.assistance.money.positive' });
    expect(parseMoney('12a', 'KGS')).toEqual({ problem: 'app.assistance.money.not_a_number' });
    expect(parseMoney('1,2,3', 'KGS')).toEqual({ problem: 'app.assistance.money.not_a_number' });
    expect(parseMoney('.', 'KGS')).toEqual({ problem: 'app.assistance.money.not_a_number' });
    expect(parseMoney('1e5', 'KGS')).toEqual({ problem: 'app.assistance.money.not_a_number' });
    expect(parseMoney('90071992547409.92', 'KGS')).toEqual({ problem: 'app.assistance.money.too_large' });
  });

  it('should turn minor units back into the text an input starts from, the inverse of parsing', () => {
    expect(moneyInputText(123450, 'KGS')).toBe('1234.5');
    expect(moneyInputText(2500000, 'KGS')).toBe('25000');
    expect(moneyInputText(7, 'USD')).toBe('0.07');
    expect(moneyInputText(null, 'USD')).toBe('');
    for (const minor of [1, 10, 99, 100, 101, 123456789, 9007199254740991]) expect(parseMoney(moneyInputText(minor, 'EUR'), 'EUR')).toEqual({ minor });
  });
});

describe('console assistance model', () => {
  it('should mirror the server’s vocabularies', () => {
    expect([...model.ASSISTANCE_TYPES]).toEqual([...ASSISTANCE_TYPES]);
    expect([...model.ASSISTANCE_STATUSES]).toEqual([...ASSISTANCE_STATUSES]);
    expect([...model.DISBURSEMENT_METHODS]).toEqual([...DISBURSEMENT_METHODS]);
    expect([...model.USED_AS_INTENDED]).toEqual([...USED_AS_INTENDED]);
    expect([...model.LEDGER_KINDS]).toEqual([...LEDGER_KINDS]);
    expect([...CONSOLE_CURRENCIES]).toEqual([...CURRENCIES]);
  });

  it('should send a programme with the types of its lines, only the eligibility rules set, and no threshold when empty', () => {
    const body = model.toProgrammePayload({
      name: ' Старт ',
      funder: 'Фонд',
      currency: 'KGS',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      lines: [
        { assistanceType: 'business_grant', amountMinor: 100000000 },
        { assistanceType: 'in_kind', amountMinor: 5000000 },
      ],
      approvalThresholdMinor: '12a',
      eligibility: { returnedWithinMonths: 24, ageMin: null, ageMax: 50, vulnerabilitiesAny: [], hasApprovedPlan: false },
    });
    expect(body).toEqual({
      name: 'Старт',
      funder: 'Фонд',
      currency: 'KGS',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      oblasts: [],
      assistanceTypes: ['business_grant', 'in_kind'],
      lines: [
        { assistanceType: 'business_grant', amountMinor: 100000000 },
        { assistanceType: 'in_kind', amountMinor: 5000000 },
      ],
      approvalThresholdMinor: null,
      matchRatioPercent: null,
      matchCapMinor: null,
      eligibility: { returnedWithinMonths: 24, ageMax: 50 },
      active: true,
    });
    expect(model.toProgrammeUpdate({ version: 3, lines: [], approvalThresholdMinor: 500000 })).toMatchObject({ version: 3, approvalThresholdMinor: 500000 });
  });

  it('should refuse dates out of order, no or repeated lines and an inverted age band', () => {
    expect(model.programmeProblems({ startsOn: '2026-02-01', endsOn: '2026-01-31', lines: [], eligibility: { ageMin: 40, ageMax: 18 } })).toEqual({
      endsOn: 'app.programmes.validation.ends_before_start',
      lines: 'app.programmes.validation.lines_required',
      'eligibility.ageMax': 'app.programmes.validation.age_band',
    });
    expect(model.programmeProblems({ lines: [{ assistanceType: 'transport' }, { assistanceType: 'transport' }] })).toEqual({
      lines: 'app.programmes.validation.line_twice',
    });
    expect(model.programmeProblems({ startsOn: '2026-01-01', endsOn: '2026-01-01', lines: [{ assistanceType: 'other' }] })).toEqual({});
  });

  it('should draw a budget bar from the ledger totals and sum a programme’s lines', () => {
    expect(model.budgetShares({ amountMinor: 1000, committedMinor: 250, disbursedMinor: 500, availableMinor: 250 })).toEqual({
      disbursed: 50,
      committed: 25,
      available: 25,
    });
    expect(model.budgetShares({ amountMinor: 0, committedMinor: 0, disbursedMinor: 0, availableMinor: 0 })).toEqual({
      disbursed: 0,
      committed: 0,
      available: 100,
    });
    const line = (amountMinor: number, committedMinor: number, disbursedMinor: number) => ({
      id: 'x',
      assistanceType: 'other' as const,
      amountMinor,
      committedMinor,
      disbursedMinor,
      availableMinor: amountMinor - committedMinor - disbursedMinor,
    });
    expect(model.programmeTotals({ lines: [line(1000, 100, 200), line(500, 0, 500)] })).toEqual({
      amountMinor: 1500,
      committedMinor: 100,
      disbursedMinor: 700,
      availableMinor: 700,
    });
  });

  it('should offer each role the steps of the workflow it may take, never the proposer’s own approval', () => {
    const item = { status: 'proposed' as const, firstApprovedBy: null, needsSecondApproval: false, proposedBy: 'cw' };
    expect(model.itemActions(item, 'supervisor', 'sv')).toEqual({ approve: true, reject: true, disburse: false, verify: false, cancel: true });
    expect(model.itemActions(item, 'supervisor', 'cw').approve).toBe(false);
    expect(model.itemActions(item, 'caseworker', 'cw')).toEqual({ approve: false, reject: false, disburse: false, verify: false, cancel: true });
    expect(model.itemActions(item, 'admin', 'ad').approve).toBe(false);
    const second = { ...item, firstApprovedBy: 'sv', needsSecondApproval: true };
    expect(model.awaitsApprovalBy(second)).toBe('admin');
    expect(model.itemActions(second, 'admin', 'ad')).toMatchObject({ approve: true, reject: true, cancel: false });
    expect(model.itemActions(second, 'supervisor', 'sv').approve).toBe(false);
    expect(model.itemActions({ ...item, status: 'approved' }, 'caseworker', 'cw')).toMatchObject({ disburse: true, cancel: true });
    expect(model.itemActions({ ...item, status: 'disbursed' }, 'caseworker', 'cw')).toMatchObject({ verify: true, cancel: false, disburse: false });
  });

  it('should check a proposal against the programme and send only the chosen type’s details', () => {
    const programme = {
      currency: 'USD' as const,
      lines: [{ id: 'l', assistanceType: 'in_kind' as const, amountMinor: 100000, committedMinor: 0, disbursedMinor: 0, availableMinor: 50000 }],
    };
    const v = { ...model.emptyProposal(), programmeId: 'p', type: 'in_kind' as const, amount: '600', justification: ' Мастерская ' };
    expect(model.proposeProblems(v, programme)).toEqual({
      amount: 'app.assistance.validation.over_available',
      'details.items.0.name': 'ra.validation.required',
      'details.supplier': 'ra.validation.required',
    });
    const ok = {
      ...v,
      amount: '499.99',
      details: { ...v.details, items: [{ name: 'Швейная машина', quantity: '2' }], supplier: 'ОсОО Тигүү', course: 'left over' },
    };
    expect(model.proposeProblems(ok, programme)).toEqual({});
    expect(model.toProposal(ok, 'r', programme)).toEqual({
      returneeId: 'r',
      programmeId: 'p',
      type: 'in_kind',
      amountMinor: 49999,
      currency: 'USD',
      justification: 'Мастерская',
      details: { items: [{ name: 'Швейная машина', quantity: 2 }], supplier: 'ОсОО Тигүү' },
    });
    expect(model.proposeProblems({ ...ok, type: 'transport' }, programme)).toEqual({ type: 'app.assistance.validation.type_not_funded' });
  });
});

describe('console assistance reversal', () => {
  const at = '2026-12-01T10:00:00Z';
  const e = (kind: 'commit' | 'release' | 'disburse' | 'reverse', amountMinor: number) => ({ id: kind + amountMinor, kind, amountMinor, at, actorId: 'u' });
  const paid = { status: 'disbursed' as const, ledger: [e('commit', 100000), e('disburse', 60000), e('disburse', 40000)] };

  it('should offer reversing what was paid out and not yet reversed to supervisors and admins only', () => {
    expect(reversibleMinor(paid)).toBe(100000);
    expect(reversibleMinor({ ledger: [...paid.ledger, e('reverse', 30000)] })).toBe(70000);
    expect(canReverse(paid, 'supervisor')).toBe(true);
    expect(canReverse(paid, 'admin')).toBe(true);
    expect(canReverse(paid, 'caseworker')).toBe(false);
    expect(canReverse(paid, 'donor')).toBe(false);
    // all of it reversed already, or never paid: nothing to take back
    expect(canReverse({ ...paid, ledger: [...paid.ledger, e('reverse', 100000)] }, 'admin')).toBe(false);
    expect(canReverse({ status: 'approved', ledger: [e('commit', 100000)] }, 'admin')).toBe(false);
    // the API reverses on disbursed items only (a verified item keeps its money)
    expect(canReverse({ ...paid, status: 'verified' }, 'admin')).toBe(false);
  });

  it('should reverse all of it by default and refuse more than was paid out and not yet reversed', () => {
    const reversible = 70000;
    // the field left at all of it, or emptied: no amountMinor (the API's default is everything)
    expect(reverseAmountMinor(70000, reversible)).toBeUndefined();
    expect(reverseAmountMinor(null, reversible)).toBeUndefined();
    expect(reverseAmountMinor('', reversible)).toBeUndefined();
    expect(reverseAmountProblem(null, reversible)).toBeUndefined();
    // part of it: sent as typed, in minor units
    expect(reverseAmountMinor(25050, reversible)).toBe(25050);
    expect(reverseAmountProblem(25050, reversible)).toBeUndefined();
    expect(reverseAmountProblem(70000, reversible)).toBeUndefined();
    expect(reverseAmountProblem(70001, reversible)).toBe('app.assistance.validation.over_reversible');
    // a text that is not an amount is MoneyInput's own problem, not this one
    expect(reverseAmountProblem('12,345', reversible)).toBeUndefined();
  });

  it('should offer releasing the rest of a partly paid item to supervisors and admins while something is committed', () => {
    const partly = { status: 'disbursed' as const, committedMinor: 1500000 };
    expect(canRelease(partly, 'supervisor')).toBe(true);
    expect(canRelease(partly, 'admin')).toBe(true);
    expect(canRelease({ ...partly, status: 'verified' }, 'supervisor')).toBe(true);
    // the API answers caseworkers 403, donors never see items
    expect(canRelease(partly, 'caseworker')).toBe(false);
    expect(canRelease(partly, 'donor')).toBe(false);
    // nothing left committed, or not paid yet (an approved item is cancelled instead)
    expect(canRelease({ ...partly, committedMinor: 0 }, 'admin')).toBe(false);
    expect(canRelease({ status: 'disbursed' }, 'admin')).toBe(false);
    for (const status of ['proposed', 'approved', 'rejected', 'cancelled'] as const) expect(canRelease({ ...partly, status }, 'admin')).toBe(false);
  });
});

describe('console 1+1 matching model', () => {
  it('should compute the match live exactly as the API does: own × ratio rounded down, capped, within the line', () => {
    const cases: Array<[number, number, number | null, number]> = [
      [1000000, 100, null, 10000000],
      [1000001, 50, null, 10000000],
      [5000000, 100, 3000000, 10000000],
      [5000000, 100, 3000000, 2000000],
      [333, 33, null, 1000],
      [9007199254740991, 1000, null, 100],
      [100, 100, null, 0],
    ];
    for (const [own, ratio, cap, available] of cases) {
      expect(matching.computeMatch(own, ratio, cap, available)).toEqual(serverMatch(own, { ratioPercent: ratio, capMinor: cap }, available));
    }
    expect(matching.computeMatch(5000000, 100, 3000000, 10000000)).toEqual({ rawMinor: 5000000, matchedMinor: 3000000, limitedBy: 'cap' });
    for (const [matched, pct] of [
      [3000000, 50],
      [1, 50],
      [999, 33],
      [1000, 100],
    ]) {
      expect(matching.firstTranche(matched, pct)).toBe(plannedTranches(matched, pct)[0].amountMinor);
    }
  });

  it('should let the supervisor and an admin each decide once, never the proposer', () => {
    const a = { status: 'proposed' as const, supervisorApprovedBy: null, adminApprovedBy: null, proposedBy: 'cw' };
    expect(matching.canDecide(a, 'supervisor', 'sv')).toEqual({ approve: true, reject: true });
    expect(matching.canDecide(a, 'admin', 'ad')).toEqual({ approve: true, reject: true });
    expect(matching.canDecide(a, 'caseworker', 'cw')).toEqual({ approve: false, reject: false });
    expect(matching.canDecide({ ...a, proposedBy: 'sv' }, 'supervisor', 'sv').approve).toBe(false);
    expect(matching.canDecide({ ...a, supervisorApprovedBy: 'sv' }, 'supervisor', 'sv2')).toEqual({ approve: false, reject: false });
    expect(matching.canDecide({ ...a, supervisorApprovedBy: 'sv' }, 'admin', 'ad').approve).toBe(true);
    expect(matching.canDecide({ ...a, status: 'approved' }, 'admin', 'ad').approve).toBe(false);
  });

  it('should hold the next tranche of a 1+1 grant until the 3-month check, and for good once the business closed', () => {
    const at = '2026-12-01T10:00:00Z';
    const e = (kind: 'commit' | 'disburse' | 'reverse', amountMinor: number) => ({ id: kind, kind, amountMinor, at, actorId: 'u' });
    const check = (milestone: '3m' | '6m' | '12m', businessStatus: string) => ({
      id: milestone,
      milestone,
      checkedOn: '2027-03-01',
      businessStatus,
      monthlyIncomeBand: '10k_30k',
      peopleEmployed: 2,
    });
    const grant = { matchingApplicationId: 'a', ledger: [e('commit', 3000000)] };
    const paidOnce = { ...grant, ledger: [...grant.ledger, e('disburse', 1500000)] };
    // the first tranche is paid at approval, without any check
    expect(matching.trancheHold(grant, { survivalChecks: [] })).toBeNull();
    // the next one waits for the 3-month check; a 6-month one does not stand in for it
    expect(matching.trancheHold(paidOnce, { survivalChecks: [] })).toBe('check_3m');
    expect(matching.trancheHold(paidOnce, undefined)).toBe('check_3m');
    expect(matching.trancheHold(paidOnce, { survivalChecks: [check('6m', 'operating')] })).toBe('check_3m');
    expect(matching.trancheHold(paidOnce, { survivalChecks: [check('3m', 'operating')] })).toBeNull();
    expect(matching.trancheHold(paidOnce, { survivalChecks: [check('3m', 'paused')] })).toBeNull();
    expect(matching.trancheHold(paidOnce, { survivalChecks: [check('3m', 'closed')] })).toBe('closed');
    // an item that did not come from a 1+1 application is paid as approved
    expect(matching.trancheHold({ ...paidOnce, matchingApplicationId: null }, undefined)).toBeNull();

    // the application's card says the same while some of the grant is still to pay
    const tranche = (kind: 'disburse' | 'reverse' | 'release', amountMinor: number) => ({ id: kind, kind, amountMinor, disbursedOn: null, reason: null });
    const a = { status: 'approved' as const, matchedMinor: 3000000, disbursedMinor: 1500000, tranches: [tranche('disburse', 1500000)], survivalChecks: [] };
    expect(matching.applicationHold(a)).toBe('check_3m');
    expect(matching.applicationHold({ ...a, survivalChecks: [check('3m', 'closed')] })).toBe('closed');
    expect(matching.applicationHold({ ...a, survivalChecks: [check('3m', 'operating')] })).toBeNull();
    expect(matching.applicationHold({ ...a, disbursedMinor: 0, tranches: [] })).toBeNull();
    expect(matching.applicationHold({ ...a, disbursedMinor: 3000000, tranches: [tranche('disburse', 1500000), tranche('disburse', 1500000)] })).toBeNull();
    // the rest released: nothing more to pay, nothing waits
    expect(matching.applicationHold({ ...a, tranches: [tranche('disburse', 1500000), tranche('release', 1500000)] })).toBeNull();

    // the milestones the API takes, and the checks due after the first tranche: 3, 6 and 12 months, each until recorded;
    // a reversal is no tranche
    expect([...matching.SURVIVAL_MILESTONES]).toEqual([...SURVIVAL_MILESTONES]);
    expect(matching.checksDue({ tranches: [], survivalChecks: [] })).toEqual([]);
    expect(matching.checksDue({ tranches: [tranche('disburse', 1), tranche('reverse', 1)], survivalChecks: [] })).toEqual(['3m', '6m', '12m']);
    expect(matching.checksDue({ tranches: [tranche('disburse', 1)], survivalChecks: [check('3m', 'operating')] })).toEqual(['6m', '12m']);
    expect(matching.paidTranches({ tranches: [tranche('disburse', 1), tranche('reverse', 1), tranche('release', 1)] })).toBe(1);
  });

  it('should send the business plan and the own contribution in minor units', () => {
    const v = {
      ...matching.emptyMatching(),
      programmeId: 'p',
      caseId: 'c',
      sector: 'manufacturing',
      oblast: 'naryn',
      district: ' Нарын ',
      description: 'Тигүү цехи',
      totalCost: '120 000',
      expectedMonthlyIncome: '15000,5',
      jobsForOthers: '2',
      ownContribution: '40000',
    };
    expect(matching.matchingProblems(v, 'KGS')).toEqual({});
    expect(matching.toMatchingBody(v, 'r', 'KGS')).toEqual({
      returneeId: 'r',
      programmeId: 'p',
      caseId: 'c',
      currency: 'KGS',
      businessPlan: {
        sector: 'manufacturing',
        oblast: 'naryn',
        district: 'Нарын',
        description: 'Тигүү цехи',
        totalCostMinor: 12000000,
        expectedMonthlyIncomeMinor: 1500050,
        jobsForOthers: 2,
      },
      ownContributionMinor: 4000000,
      firstTranchePercent: 50,
    });
    expect(matching.matchingProblems({ ...v, ownContribution: '0', jobsForOthers: '-1', firstTranchePercent: '0', caseId: '' }, 'KGS')).toEqual({
      caseId: 'ra.validation.required',
      ownContribution: 'app.assistance.money.positive',
      jobsForOthers: 'app.matching.validation.jobs',
      firstTranchePercent: 'app.matching.validation.percent',
    });
  });
});
