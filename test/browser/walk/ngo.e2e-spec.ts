import { describeWalk } from '../../support/walk';

describeWalk('ngo_staff');
