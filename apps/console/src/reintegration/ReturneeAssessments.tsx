import AssignmentIcon from '@mui/icons-material/AssignmentTurnedInOutlined';
import { Alert, Box, Button, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Fragment, lazy, Suspense, useState } from 'react';
import { ListBase, Pagination, useListContext, useLocaleState, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { useLocation, useNavigate } from 'react-router-dom';
import { EmptyState } from '../shared/EmptyState';
import { formatDateTime } from '../shared/dates';
import { AssessmentAnswers } from './AssessmentAnswers';
import { TakeAssessmentDialog } from './TakeAssessmentDialog';
import { ASSESSMENT_KEYS, scoreOf, type Assessment } from './assessmentModel';
import { formatScore, type Occasion } from './reintegrationModel';

// the chart library is loaded only when a history is shown
const AssessmentChart = lazy(async () => ({ default: (await import('./AssessmentChart')).AssessmentChart }));

// Office staff take assessments; admins read (the API re-checks scope either way).
export const canAssess = (role: unknown) => role === 'supervisor' || role === 'caseworker';

// Navigation state that asks the returnee page to offer the intake assessment (set by ReturneeCreate).
export type AssessmentOffer = { offerAssessment?: Occasion };

type AssessButtonProps = { onClick: () => void; variant?: 'outlined' | 'contained' | 'text'; testId?: string };
export const AssessButton = ({ onClick, variant = 'outlined', testId = 'take-assessment' }: AssessButtonProps) => {
  const translate = useTranslate();
  return (
    <Button variant={variant} size="small" startIcon={<AssignmentIcon />} onClick={onClick} data-testid={testId}>
      {translate('app.assessment.take')}
    </Button>
  );
};

// The returnee page's toolbar button: opens the dialog wherever the user is on the page.
export const AssessToolbarButton = () => {
  const record = useRecordContext<{ id: string }>();
  const { permissions } = usePermissions();
  const [open, setOpen] = useState(false);
  if (!record || !canAssess(permissions)) return null;
  return (
    <>
      <AssessButton variant="text" testId="assess-returnee" onClick={() => setOpen(true)} />
      {open && <TakeAssessmentDialog returneeId={record.id} onClose={() => setOpen(false)} />}
    </>
  );
};

// Right after registration: a prompt (not a modal, so nothing else is in the way) to take the intake assessment.
export const IntakeAssessmentPrompt = () => {
  const translate = useTranslate();
  const record = useRecordContext<{ id: string }>();
  const { permissions } = usePermissions();
  const location = useLocation();
  const navigate = useNavigate();
  const offer = (location.state as AssessmentOffer | null)?.offerAssessment;
  const [open, setOpen] = useState(false);
  if (!record || !offer || !canAssess(permissions)) return null;
  // forget the offer so a reload or Back does not show it again
  const dismiss = () => void navigate(`${location.pathname}${location.search}`, { replace: true, state: {} });
  return (
    <>
      <Alert
        severity="info"
        sx={{ mb: 1 }}
        data-testid="assessment-offer"
        action={
          <Box sx={{ display: 'flex', gap: 1 }}>
            <AssessButton variant="contained" testId="assessment-offer-take" onClick={() => setOpen(true)} />
            <Button size="small" onClick={dismiss} data-testid="assessment-offer-later">
              {translate('app.assessment.later')}
            </Button>
          </Box>
        }
      >
        {translate('app.assessment.offer')}
      </Alert>
      {open && (
        <TakeAssessmentDialog
          returneeId={record.id}
          defaultOccasion={offer}
          onClose={() => {
            setOpen(false);
            dismiss();
          }}
        />
      )}
    </>
  );
};

const History = ({ actions, onTake }: { actions: boolean; onTake: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending, total, perPage } = useListContext<Assessment>();
  const [shown, setShown] = useState<string | null>(null);
  if (isPending) {
    return (
      <Typography sx={{ py: 2 }} color="text.secondary">
        {translate('ra.page.loading')}
      </Typography>
    );
  }
  if (!data || data.length === 0) {
    return (
      <EmptyState
        title="app.assessment.empty.title"
        hint="app.assessment.empty.hint"
        testId="assessment-empty"
        action={actions ? <AssessButton variant="contained" onClick={onTake} /> : undefined}
      />
    );
  }
  return (
    <>
      {actions && (
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 1 }}>
          <AssessButton onClick={onTake} />
        </Box>
      )}
      <Suspense fallback={<Box sx={{ height: 324 }} />}>
        <AssessmentChart rows={data} />
      </Suspense>
      <Box sx={{ overflowX: 'auto', contain: 'inline-size', mt: 2 }} tabIndex={0}>
        <Table size="small" data-testid="assessment-table">
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.assessment.taken_at')}</TableCell>
              <TableCell>{translate('app.reintegration.occasion')}</TableCell>
              {ASSESSMENT_KEYS.map((k) => (
                <TableCell key={k} align="right">
                  {translate(`app.assessment.scores.${k}`)}
                </TableCell>
              ))}
              <TableCell>{translate('app.assessment.priorities')}</TableCell>
              <TableCell>{translate('app.assessment.taken_by')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {/* newest first in the table; the chart reads left to right */}
            {[...data]
              .sort((a, b) => b.takenAt.localeCompare(a.takenAt))
              .map((r) => (
                <Fragment key={r.id}>
                  <TableRow data-testid="assessment-row" data-id={r.id} hover>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.takenAt, locale)}</TableCell>
                    <TableCell>
                      <Chip size="small" variant="outlined" label={translate(`app.reintegration.occasions.${r.occasion}`)} />
                      {r.selfReported && <Chip size="small" variant="outlined" sx={{ ml: 0.5 }} label={translate('app.assessment.self_reported_short')} />}
                    </TableCell>
                    {ASSESSMENT_KEYS.map((k) => (
                      <TableCell key={k} align="right" sx={k === 'composite' ? { fontWeight: 600 } : undefined}>
                        {formatScore(scoreOf(r, k))}
                      </TableCell>
                    ))}
                    <TableCell data-testid="assessment-row-priorities">
                      {r.priorities.map((p) => (
                        <Chip key={p} size="small" color="warning" sx={{ mr: 0.5 }} label={translate(`app.assessment.scores.${p}`)} />
                      ))}
                    </TableCell>
                    <TableCell>{r.takenByName ?? ''}</TableCell>
                    <TableCell>
                      <Button
                        size="small"
                        aria-expanded={shown === r.id}
                        aria-controls={`assessment-answers-${r.id}`}
                        onClick={() => setShown(shown === r.id ? null : r.id)}
                        data-testid="assessment-show-answers"
                      >
                        {translate(shown === r.id ? 'app.assessment.hide_answers' : 'app.assessment.show_answers')}
                      </Button>
                    </TableCell>
                  </TableRow>
                  {shown === r.id && (
                    <TableRow id={`assessment-answers-${r.id}`}>
                      <TableCell colSpan={ASSESSMENT_KEYS.length + 5}>
                        <AssessmentAnswers assessment={r} />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
          </TableBody>
        </Table>
        {(total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
      </Box>
    </>
  );
};

// The "assessment" tab of a returnee: the needs assessments over time (intake, then each monitoring contact).
export const ReturneeAssessments = () => {
  const record = useRecordContext<{ id: string }>();
  const { permissions } = usePermissions();
  const [taking, setTaking] = useState(false);
  if (!record) return null;
  const actions = canAssess(permissions);
  return (
    <Box data-testid="returnee-assessments">
      <ListBase resource="assessments" filter={{ returneeId: record.id }} sort={{ field: 'takenAt', order: 'ASC' }} perPage={100} disableSyncWithLocation>
        <History actions={actions} onTake={() => setTaking(true)} />
      </ListBase>
      {/* mounted only while open, so each opening starts with a blank form */}
      {taking && <TakeAssessmentDialog returneeId={record.id} onClose={() => setTaking(false)} />}
    </Box>
  );
};
