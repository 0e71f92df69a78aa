export { withdrawConsent } from '../returnees/consentCalls';
