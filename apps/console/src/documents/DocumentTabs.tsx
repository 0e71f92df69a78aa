import { Box, Divider, Typography } from '@mui/material';
import { useGetList, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { ShowSection } from '../shared/ShowSection';
import { CaseChecklist } from './CaseChecklist';
import { DocumentsPanel } from './DocumentsPanel';
import { RecoveryItems } from './RecoveryItems';

// Office staff upload, replace and delete; admins and NGO staff read what the API lets them see.
export const useCanChangeDocuments = (): boolean => {
  const { permissions } = usePermissions();
  return permissions === 'supervisor' || permissions === 'caseworker';
};

type ReturneeLike = { id: string; vulnerabilities?: string[] };

// The returnee's "Documents" tab: every document of the person (those of their cases, referrals and plans too), and
// below them the recovery of lost papers.
export const ReturneeDocuments = () => {
  const record = useRecordContext<ReturneeLike>();
  const canChange = useCanChangeDocuments();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box data-testid="returnee-documents">
      <DocumentsPanel attach={{ returneeId: String(record.id) }} canChange={canChange} />
      {/* recovery items are office work: the API answers them to the returnee's office staff only */}
      {canChange && (
        <>
          <Divider sx={{ my: 3 }} />
          <Typography variant="h6" component="h2" gutterBottom>
            {translate('app.recovery.title')}
          </Typography>
          <RecoveryItems returnee={record} canChange={canChange} />
        </>
      )}
    </Box>
  );
};

type CaseLike = { id: string; returneeId: string; type?: string };

// The case's "Documents" tab: its required-document checklist and the documents attached to it.
export const CaseDocuments = () => {
  const record = useRecordContext<CaseLike>();
  const canChange = useCanChangeDocuments();
  if (!record) return null;
  const caseId = String(record.id);
  return (
    <DocumentsPanel
      testId="case-documents"
      attach={{ returneeId: record.returneeId, caseId }}
      canChange={canChange}
      header={(open) => <CaseChecklist caseId={caseId} canUpload={canChange} onOpen={open} />}
    />
  );
};

type ReferralLike = { id: string; returneeId?: string | null };

// On a referral: the documents it shares (an organisation sees only those; office staff may attach more).
export const ReferralDocuments = () => {
  const record = useRecordContext<ReferralLike>();
  const canChange = useCanChangeDocuments();
  if (!record) return null;
  const staff = canChange && !!record.returneeId;
  return (
    <ShowSection title="app.documents.referral_title" testId="referral-documents-section">
      <DocumentsPanel
        testId="referral-documents"
        attach={{ returneeId: record.returneeId ?? '', referralId: String(record.id) }}
        canChange={staff}
        emptyHint="app.documents.empty.hint_referral"
      />
    </ShowSection>
  );
};

// On a plan: its signed copy and the papers that go with it.
export const PlanDocuments = ({ plan }: { plan: { id: string; returneeId: string } }) => {
  const canChange = useCanChangeDocuments();
  return (
    <ShowSection title="app.documents.plan_title" testId="plan-documents-section">
      <DocumentsPanel testId="plan-documents" attach={{ returneeId: plan.returneeId, planId: plan.id }} canChange={canChange} />
    </ShowSection>
  );
};

// Under the returnee's plan tab: the documents of the plan in force (the same read as the tab's own, so one request).
export const ReturneePlanDocuments = () => {
  const record = useRecordContext<ReturneeLike>();
  const { data } = useGetList<{ id: string; returneeId: string }>(
    'plans',
    { filter: { returneeId: record?.id, current: true }, sort: { field: 'createdAt', order: 'DESC' }, pagination: { page: 1, perPage: 1 } },
    { enabled: !!record },
  );
  const plan = data?.[0];
  if (!record || !plan) return null;
  return (
    <Box sx={{ mt: 3 }}>
      <PlanDocuments plan={{ id: String(plan.id), returneeId: String(record.id) }} />
    </Box>
  );
};
