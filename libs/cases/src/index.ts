export { CasesModule } from './cases.module';
