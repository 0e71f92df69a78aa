import { describeWalk } from '../../support/walk';

describeWalk('admin');
