import ForwardToInboxIcon from '@mui/icons-material/ForwardToInbox';
import { lazyNamed } from '../shared/lazyNamed';
import { referralRepresentation } from './referralModel';

export default {
  list: lazyNamed(() => import('./ReferralList'), 'ReferralList'),
  show: lazyNamed(() => import('./ReferralShow'), 'ReferralShow'),
  icon: ForwardToInboxIcon,
  recordRepresentation: referralRepresentation,
};
