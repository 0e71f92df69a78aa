export { ReturneesModule } from './returnees.module';
