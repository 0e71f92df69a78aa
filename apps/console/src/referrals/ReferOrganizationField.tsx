import { Alert, Box, Button, CircularProgress, ListItemText, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useController } from 'react-hook-form';
import { OBLASTS } from '../shared/choices';
import { MatchReasons } from './MatchReasons';
import type { DirectoryMode, Organization, useReferDialogData } from './useReferDialogData';

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

type HintProps = {
  mode: DirectoryMode;
  service: string;
  oblastName: string;
  loading: boolean;
  empty: boolean;
  ranked: boolean;
  onScope: (all: boolean) => void;
};

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

type Props = { caseType: string; data: ReturnType<typeof useReferDialogData>; selected: Organization | undefined };

// The organisation to refer to: the directory for the case's service, suggested partners first with why they fit.
export const ReferOrganizationField = ({ caseType, data, selected }: Props) => {
  const translate = useTranslate();
  const { field, fieldState } = useController({ name: 'organizationId' });
  const service = translate(`enums.case_type.${caseType}`, { _: caseType });
  const oblastName = data.oblast ? translate(`enums.oblast.${data.oblast}`, { _: data.oblast }) : '';
  return (
    <Box>
      <TextField
        select
        name={field.name}
        label={translate('resources.referrals.fields.organizationId')}
        // an id picked on the suggestions card shows once the directory has it
        value={selected ? selected.id : ''}
        onChange={(e) => field.onChange(e.target.value)}
        onBlur={field.onBlur}
        inputRef={field.ref}
        required
        autoFocus
        fullWidth
        error={!!fieldState.error}
        helperText={fieldState.error?.message ?? ' '}
        slotProps={{ select: { 'data-testid': 'refer-organization', renderValue: () => selected?.name ?? '' } as Record<string, unknown> }}
      >
        {data.choices.map(({ organization: o, reasons }) => (
          <MenuItem key={o.id} value={o.id} data-testid="refer-organization-option" data-reasons={reasons.join(' ')}>
            <ListItemText
              primary={o.name}
              secondary={
                <>
                  <OrgSecondary org={o} />
                  <MatchReasons reasons={reasons} oblast={data.oblast} />
                </>
              }
            />
          </MenuItem>
        ))}
      </TextField>
      <DirectoryHint
        mode={data.mode}
        service={service}
        oblastName={oblastName}
        loading={data.loading}
        empty={data.noOrganizations}
        ranked={data.ranked}
        onScope={data.setWantAll}
      />
    </Box>
  );
};
