import { describeWalk } from '../../support/walk';

describeWalk('caseworker');
