import AssessmentIcon from '@mui/icons-material/Assessment';
import { Menu } from 'react-admin';

// Supervisors and admins only (the API refuses other roles).
export const ReportsMenuItem = () => <Menu.Item to="/reports" primaryText="app.reports.menu" leftIcon={<AssessmentIcon />} data-testid="menu-reports" />;
