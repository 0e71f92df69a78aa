import { usePermissions } from 'react-admin';
import { DonorDashboard } from '../assistance/DonorDashboard';
import { CaseworkerDashboard } from './CaseworkerDashboard';
import { NgoReferrals } from './NgoReferrals';
import { SupervisorDashboard } from './SupervisorDashboard';

// The first page depends on the role: office-wide charts for supervisors and admins, one's own work for
// caseworkers, the organisation's referrals for NGO staff, the programmes' budgets for donors.
export const Dashboard = () => {
  const { permissions, isPending } = usePermissions();
  if (isPending) return null;
  if (permissions === 'ngo_staff') return <NgoReferrals />;
  if (permissions === 'donor') return <DonorDashboard />;
  if (permissions === 'supervisor' || permissions === 'admin') return <SupervisorDashboard />;
  return <CaseworkerDashboard />;
};
