export { fetchSurvey } from './reintegrationCalls';
