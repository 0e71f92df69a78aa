import { Chip, Stack } from '@mui/material';
import { useGetOne, useTranslate } from 'react-admin';

// The returnee's skills (free tags on their record), shown where a job placement is worked on.
export const ReturneeSkills = ({ returneeId }: { returneeId: string }) => {
  const translate = useTranslate();
  const { data, isPending, error } = useGetOne<{ id: string; skills?: string[] }>('returnees', { id: returneeId });
  if (isPending) return <>…</>;
  const skills = error ? [] : (data?.skills ?? []);
  if (skills.length === 0) return <>{translate('app.not_set')}</>;
  return (
    <Stack direction="row" component="span" useFlexGap sx={{ flexWrap: 'wrap', gap: 0.5 }} data-testid="returnee-skills">
      {skills.map((s) => (
        <Chip key={s} component="span" size="small" label={s} />
      ))}
    </Stack>
  );
};
