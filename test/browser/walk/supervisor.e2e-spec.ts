import { describeWalk } from '../../support/walk';

describeWalk('supervisor');
