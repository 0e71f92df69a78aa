import {
  Alert, Box, Button, Checkbox, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, FormControlLabel, FormGroup,
  FormHelperText, FormLabel, ListItemText, MenuItem, Stack, TextField, Typography,
} from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { HttpError, useCreate, useGetList, useGetOne, useNotify, useRefresh, useTranslate } from 'react-admin';
import { OBLASTS } from '../shared/choices';
import { MatchReasons } from './MatchReasons';
import { matchOblast, orderChoices } from './matchModel';
import { submitOnCtrlEnter } from './ReferralActions';
import {
  consentProblem, DEFAULT_SHARED_FIELDS, directoryFilter, REASON_MAX, sharedFieldsFor, toReferralCreate, validateReferralForm,
  type ConsentLike, type ReferralFormErrors, type ReferralFormValues, type SharedField,
} from './referralModel';
import { useOrganizationMatches } from './useOrganizationMatches';

type CaseLike = { id: string; code: string; type: string; returneeId: string; version?: number; details?: Record<string, unknown> | null };
type ReturneeLike = { id: string; oblast?: string | null; fullName?: string };
type Organization = { id: string; name: string; kind: string; oblasts: string[]; services: string[]; active: boolean };
type ConsentRow = ConsentLike & { id: string };

const todayInBishkek = (): string => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Bishkek' });

type DirectoryMode = 'oblast' | 'none_in_oblast' | 'all_chosen' | 'all';

// The service directory for this case type: the returnee's oblast first; all oblasts when none there serves it
// (or when the user asks for it, or the returnee's oblast is unknown).
const useDirectory = (service: string, oblast: string | null, ready: boolean) => {
  const [wantAll, setWantAll] = useState(false);
  const params = { sort: { field: 'name', order: 'ASC' as const }, pagination: { page: 1, perPage: 200 } };
  const local = useGetList<Organization>('organizations', { ...params, filter: directoryFilter(service, oblast) }, { enabled: ready && !!oblast });
  const noneLocal = !!oblast && local.isSuccess && local.data.length === 0;
  const showAll = ready && (wantAll || !oblast || noneLocal);
  const all = useGetList<Organization>('organizations', { ...params, filter: directoryFilter(service, null) }, { enabled: showAll });
  const source = showAll ? all : local;
  const mode: DirectoryMode = !oblast ? 'all' : noneLocal ? 'none_in_oblast' : wantAll ? 'all_chosen' : 'oblast';
  return { organizations: source.data ?? [], loading: !ready || source.isPending, failed: !!source.error, mode, setWantAll };
};

// initialOrganizationId: the partner picked on the suggestions card, preselected
type Props = { caseRecord: CaseLike; onClose: () => void; initialOrganizationId?: string };

// The "Refer" dialog of a case page. A form, so Enter in a one-line field sends it and Esc closes the dialog;
// Ctrl+Enter sends it from the reason. The API checks consent and the directory again on submit.
export const ReferDialog = ({ caseRecord, onClose, initialOrganizationId }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create, { isPending }] = useCreate();
  const [values, setValues] = useState<ReferralFormValues>({ organizationId: initialOrganizationId ?? '', reason: '', respondBy: '', sharedFields: [...DEFAULT_SHARED_FIELDS] });
  // texts ready to show: translated keys or the API's field messages
  const [errors, setErrors] = useState<ReferralFormErrors>({});
  const [serverConsentError, setServerConsentError] = useState<string | null>(null);

  const returnee = useGetOne<ReturneeLike & { id: string }>('returnees', { id: caseRecord.returneeId });
  // where the person needs the service: a job case's desired oblast, else where they live (as the API ranks)
  const oblast = matchOblast(caseRecord, returnee.data?.oblast);
  const directory = useDirectory(caseRecord.type, oblast, !returnee.isPending);
  const suggested = useOrganizationMatches(caseRecord.id, caseRecord.version, true);
  const choices = orderChoices(directory.organizations, suggested.matches, initialOrganizationId);
  const ranked = choices.some((c) => c.reasons.length > 0);
  const loading = directory.loading || suggested.loading;
  const consents = useGetList<ConsentRow>('consents', {
    filter: { returneeId: caseRecord.returneeId, active: true },
    sort: { field: 'givenAt', order: 'DESC' },
    pagination: { page: 1, perPage: 50 },
  });
  const problem = consents.data ? consentProblem(consents.data, values.sharedFields) : null;

  const selected = choices.find((c) => c.organization.id === values.organizationId)?.organization;
  const set = <K extends keyof ReferralFormValues>(key: K, value: ReferralFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (key in errors) setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const toggle = (field: SharedField, on: boolean) => {
    set('sharedFields', on ? [...values.sharedFields, field] : values.sharedFields.filter((f) => f !== field));
    setServerConsentError(null);
  };

  const onApiError = (error: unknown) => {
    const message = (error as Error)?.message || 'ra.notification.http_error';
    notify(message, { type: 'error', messageArgs: { _: message } });
    if (!(error instanceof HttpError)) return;
    const body = (error.body ?? {}) as { code?: string; errors?: Record<string, unknown> };
    const fieldText = (k: string) => (typeof body.errors?.[k] === 'string' ? (body.errors[k] as string) : undefined);
    if (body.code === 'CONSENT_REQUIRED') {
      // consent changed since the dialog opened: show it where the consent state is, and read it again
      setServerConsentError(message);
      void consents.refetch();
      return;
    }
    // the translated message names the problem better than the API's English field text
    const orgProblem = body.code === 'ORGANIZATION_UNAVAILABLE' || body.code === 'REFERRAL_ALREADY_OPEN';
    setErrors({
      organizationId: orgProblem ? message : fieldText('organizationId'),
      reason: fieldText('reason'),
      respondBy: fieldText('respondBy'),
      sharedFields: fieldText('sharedFields'),
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (isPending) return;
    const found = validateReferralForm({ ...values, organizationId: selected ? values.organizationId : '' });
    const shown: ReferralFormErrors = {};
    for (const [k, key] of Object.entries(found)) shown[k as keyof ReferralFormErrors] = translate(key as string, { max: REASON_MAX });
    setErrors(shown);
    if (Object.keys(found).length > 0 || problem) return;
    void create(
      'referrals',
      { data: toReferralCreate(caseRecord.id, caseRecord.type, values) },
      {
        onSuccess: () => {
          notify('app.referrals.sent', { type: 'info', messageArgs: { organizationName: selected?.name ?? '' } });
          onClose();
          refresh();
        },
        onError: onApiError,
      },
    );
  };

  const service = translate(`enums.case_type.${caseRecord.type}`, { _: caseRecord.type });
  const oblastName = oblast ? translate(`enums.oblast.${oblast}`, { _: oblast }) : '';
  const noOrganizations = !loading && !directory.failed && choices.length === 0;
  const blocked = isPending || !!problem || noOrganizations;

  return (
    <Dialog open onClose={onClose} aria-labelledby="refer-title" data-testid="refer-dialog" fullWidth maxWidth="md">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="refer-title">{translate('app.referrals.refer_title', { code: caseRecord.code })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Box>
              <TextField
                select
                name="organizationId"
                label={translate('resources.referrals.fields.organizationId')}
                value={selected ? selected.id : ''}
                onChange={(e) => set('organizationId', e.target.value)}
                required
                autoFocus
                fullWidth
                error={!!errors.organizationId}
                helperText={errors.organizationId ?? ' '}
                slotProps={{ select: { 'data-testid': 'refer-organization', renderValue: () => selected?.name ?? '' } as Record<string, unknown> }}
              >
                {choices.map(({ organization: o, reasons }) => (
                  <MenuItem key={o.id} value={o.id} data-testid="refer-organization-option" data-reasons={reasons.join(' ')}>
                    <ListItemText
                      primary={o.name}
                      secondary={
                        <>
                          <OrgSecondary org={o} />
                          <MatchReasons reasons={reasons} oblast={oblast} />
                        </>
                      }
                    />
                  </MenuItem>
                ))}
              </TextField>
              <DirectoryHint mode={directory.mode} service={service} oblastName={oblastName} loading={loading} empty={noOrganizations} ranked={ranked} onScope={directory.setWantAll} />
            </Box>
            <TextField
              name="reason"
              label={translate('resources.referrals.fields.reason')}
              value={values.reason}
              onChange={(e) => set('reason', e.target.value)}
              onKeyDown={submitOnCtrlEnter}
              required
              fullWidth
              multiline
              minRows={3}
              error={!!errors.reason}
              helperText={errors.reason ?? translate('app.referrals.reason_hint')}
              slotProps={{ htmlInput: { maxLength: REASON_MAX, 'data-testid': 'refer-reason' } }}
            />
            <TextField
              name="respondBy"
              type="date"
              label={translate('resources.referrals.fields.respondBy')}
              value={values.respondBy}
              onChange={(e) => set('respondBy', e.target.value)}
              error={!!errors.respondBy}
              helperText={errors.respondBy ?? translate('app.referrals.respond_by_hint')}
              sx={{ maxWidth: 320 }}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: todayInBishkek(), 'data-testid': 'refer-respond-by' } }}
            />
            <FormControl component="fieldset" error={!!errors.sharedFields}>
              <FormLabel component="legend">{translate('app.referrals.shared_title')}</FormLabel>
              <FormHelperText sx={{ mx: 0 }}>{translate('app.referrals.shared_intro')}</FormHelperText>
              <FormGroup>
                {sharedFieldsFor(caseRecord.type).map((f) => (
                  <FormControlLabel
                    key={f}
                    sx={{ alignItems: 'flex-start', mt: 0.5 }}
                    control={
                      <Checkbox
                        checked={values.sharedFields.includes(f)}
                        onChange={(e) => toggle(f, e.target.checked)}
                        name={`sharedFields.${f}`}
                        sx={{ pt: 0.25 }}
                        slotProps={{ input: { 'data-testid': `refer-share-${f}` } as Record<string, unknown> }}
                      />
                    }
                    label={
                      <Box>
                        <Typography variant="body2">{translate(`enums.shared_field.${f}`)}</Typography>
                        <Typography variant="caption" color="text.secondary">
                          {translate(`app.referrals.shared_hint.${f}`)}
                        </Typography>
                      </Box>
                    }
                  />
                ))}
              </FormGroup>
              {errors.sharedFields && <FormHelperText error sx={{ mx: 0 }}>{errors.sharedFields}</FormHelperText>}
            </FormControl>
            <ConsentState
              returneeId={caseRecord.returneeId}
              loading={consents.isPending}
              failed={!!consents.error}
              problem={problem}
              serverError={serverConsentError}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={blocked} data-testid="refer-submit">
            {translate('app.referrals.send')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

const OrgSecondary = ({ org }: { org: Organization }) => {
  const translate = useTranslate();
  const regions =
    org.oblasts.length >= OBLASTS.length
      ? translate('app.referrals.directory.all_regions')
      : org.oblasts.map((o) => translate(`enums.oblast.${o}`, { _: o })).join(', ');
  return (
    <>
      {translate(`enums.org_kind.${org.kind}`, { _: org.kind })}
      {regions ? ` · ${regions}` : ''}
    </>
  );
};

type HintProps = { mode: DirectoryMode; service: string; oblastName: string; loading: boolean; empty: boolean; ranked: boolean; onScope: (all: boolean) => void };

// Says which part of the directory the list shows, and lets the user widen or narrow it.
const DirectoryHint = ({ mode, service, oblastName, loading, empty, ranked, onScope }: HintProps) => {
  const translate = useTranslate();
  if (loading) return <CircularProgress size={16} aria-label={translate('ra.page.loading')} />;
  if (empty) {
    return (
      <Alert severity="warning" data-testid="refer-no-organizations">
        {translate('app.referrals.directory.none', { service })}
      </Alert>
    );
  }
  const text = translate(`app.referrals.directory.${mode}`, { service, oblast: oblastName });
  const toggle =
    mode === 'oblast' ? (
      <Button size="small" onClick={() => onScope(true)} data-testid="refer-directory-all">
        {translate('app.referrals.directory.show_all')}
      </Button>
    ) : mode === 'all_chosen' ? (
      <Button size="small" onClick={() => onScope(false)} data-testid="refer-directory-oblast">
        {translate('app.referrals.directory.show_oblast', { oblast: oblastName })}
      </Button>
    ) : null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2" color={mode === 'none_in_oblast' ? 'warning.main' : 'text.secondary'} data-testid="refer-directory-scope" data-mode={mode}>
        {text}
        {ranked ? ` ${translate('app.referrals.match.ordered')}` : ''}
      </Typography>
      {toggle}
    </Stack>
  );
};

type ConsentProps = { returneeId: string; loading: boolean; failed: boolean; problem: ReturnType<typeof consentProblem>; serverError: string | null };

// Without consent to share with partners nothing can be sent; the link leads to where consent is recorded.
const ConsentState = ({ returneeId, loading, failed, problem, serverError }: ConsentProps) => {
  const translate = useTranslate();
  const link = (
    <Button component={Link} to={`/returnees/${returneeId}/show/consents`} size="small" color="inherit" data-testid="refer-consent-link">
      {translate('app.referrals.consent.open_consents')}
    </Button>
  );
  if (loading) return <Typography variant="body2" color="text.secondary">{translate('app.referrals.consent.checking')}</Typography>;
  if (problem) {
    return (
      <Alert severity="warning" action={link} data-testid="refer-consent-warning" data-problem={problem}>
        {translate(`app.referrals.consent.${problem}`)}
      </Alert>
    );
  }
  if (serverError) {
    return (
      <Alert severity="error" action={link} data-testid="refer-consent-warning" data-problem="server">
        {serverError}
      </Alert>
    );
  }
  // the API checks consent on submit anyway; a failed read must not block the user
  if (failed) return <Alert severity="info">{translate('app.referrals.consent.unknown')}</Alert>;
  return (
    <Alert severity="success" data-testid="refer-consent-ok">
      {translate('app.referrals.consent.ok')}
    </Alert>
  );
};
