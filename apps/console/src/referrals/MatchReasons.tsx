import { Chip, Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import { reasonLabel } from './matchModel';

type Props = { reasons: string[]; oblast: string | null };

// Why a partner is suggested, as small chips: "serves Osh Region", "Construction", "has places".
export const MatchReasons = ({ reasons, oblast }: Props) => {
  const translate = useTranslate();
  if (reasons.length === 0) return null;
  const text = (reason: string): string => {
    const r = reasonLabel(reason);
    if (r.kind === 'oblast') {
      return oblast
        ? translate('app.referrals.match.reason_oblast', { oblast: translate(`enums.oblast.${oblast}`, { _: oblast }) })
        : translate('app.referrals.match.reason_oblast_any');
    }
    if (r.kind === 'capacity') return translate('app.referrals.match.reason_capacity');
    if (r.kind === 'sector') return translate(`enums.sector.${r.sector}`, { _: r.sector });
    return r.text;
  };
  return (
    <Stack direction="row" component="span" useFlexGap sx={{ flexWrap: 'wrap', gap: 0.5, mt: 0.5 }}>
      {reasons.map((r) => (
        <Chip key={r} component="span" size="small" variant="outlined" label={text(r)} data-testid="match-reason" data-reason={r} />
      ))}
    </Stack>
  );
};
