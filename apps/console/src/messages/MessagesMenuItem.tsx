import ForumIcon from '@mui/icons-material/Forum';
import { Menu } from 'react-admin';

// Supervisors only (the API scopes the figures to their office).
export const MessagesMenuItem = () => <Menu.Item to="/messages" primaryText="app.messaging.stats.menu" leftIcon={<ForumIcon />} data-testid="menu-messages" />;
