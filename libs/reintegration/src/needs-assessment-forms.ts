import pilotFile from './needs-assessment-na-kg-1.json';
import currentFile from './needs-assessment.json';
import { checkSurvey, type Survey } from './rss-scoring';

// Every version of the needs-assessment form ever used, by version id. An assessment keeps the version it was taken
// under, so an old one still scores and renders with its own questions; a new version is a new data file added here
// (never an edit of a released one), and NEEDS_FORM points at it. na-kg-1 lacked the skills and justice questions.
export const NEEDS_FORMS: ReadonlyMap<string, Survey> = new Map(
  [checkSurvey(pilotFile as Survey, 'needs-assessment-na-kg-1.json'), checkSurvey(currentFile as Survey, 'needs-assessment.json')].map((f) => [f.version, f]),
);
export const NEEDS_FORM: Survey = NEEDS_FORMS.get((currentFile as Survey).version) as Survey;

export function needsForm(version: string): Survey | undefined {
  return NEEDS_FORMS.get(version);
}
