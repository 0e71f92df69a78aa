import { Typography } from '@mui/material';
import { Navigate, useParams } from 'react-router-dom';
import { useGetOne, useTranslate } from 'react-admin';
import type { Plan } from './planModel';

// #/plans/<id>/show (the link of a "plan submitted" notification): the plan lives on its returnee's plan tab.
export const PlanRedirect = () => {
  const { id } = useParams();
  const translate = useTranslate();
  const { data, error } = useGetOne<Plan>('plans', { id: id ?? '' }, { enabled: !!id });
  if (data) return <Navigate to={`/returnees/${data.returneeId}/show/plan`} replace />;
  return (
    <Typography sx={{ p: 2 }} color="text.secondary">
      {translate(error ? 'app.plans.load_error' : 'ra.page.loading')}
    </Typography>
  );
};
