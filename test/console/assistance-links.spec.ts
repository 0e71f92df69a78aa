import * as model from '../../apps/console/src/assistance/assistanceModel';
import * as matching from '../../apps/console/src/assistance/matchingModel';

// What the propose and 1+1 dialogs send for their links: the plan goal (planGoalId) and the own-contribution evidence
// (ownEvidenceDocumentId) only when one was picked, as the API's DTOs take them.
describe('assistance payload links', () => {
  const goal = '6f1c1c1e-4d7a-4b3e-9a4e-1d2c3b4a5f60';
  const doc = '0b9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c';

  it('should send the plan goal of a proposal only when one is picked', () => {
    const v = { ...model.emptyProposal(), programmeId: 'p', type: 'transport' as const, amount: '1 500', justification: ' Домой из Москвы ' };
    expect(model.toProposal(v, 'r', { currency: 'KGS' })).not.toHaveProperty('planGoalId');
    expect(model.toProposal({ ...v, planGoalId: goal }, 'r', { currency: 'KGS' })).toMatchObject({ planGoalId: goal, amountMinor: 150_000 });
  });

  it('should send the evidence document and the plan goal of a 1+1 application only when picked', () => {
    const v = {
      ...matching.emptyMatching(),
      programmeId: 'p',
      caseId: 'c',
      sector: 'trade',
      oblast: 'chuy',
      district: 'Сокулук',
      description: 'Магазин',
      totalCost: '50 000',
      ownContribution: '20 000',
    };
    const bare = matching.toMatchingBody(v, 'r', 'KGS');
    expect(bare).not.toHaveProperty('ownEvidenceDocumentId');
    expect(bare).not.toHaveProperty('planGoalId');
    expect(matching.toMatchingBody({ ...v, ownEvidenceDocumentId: doc, planGoalId: goal }, 'r', 'KGS')).toMatchObject({
      ownEvidenceDocumentId: doc,
      planGoalId: goal,
      ownContributionMinor: 2_000_000,
    });
  });
});
