export { ReintegrationModule } from './reintegration.module';
export { ReintegrationService } from './reintegration.service';
export { NeedsAssessmentService } from './needs-assessment.service';
export type { AssessmentDto } from './dto/assessment.dto';
export { CreateAssessmentDto } from './dto/create-assessment.dto';
export { NEEDS_FORM, NEEDS_FORMS } from './needs-assessment-forms';
export { OCCASIONS, type Occasion } from './reintegration-score.entity';
export type { ReintegrationScoreDto } from './dto/reintegration-score.dto';
export {
  RSS_SURVEY,
  DIMENSIONS,
  type Dimension,
  type Survey,
  type SurveyDimension,
  type SurveyQuestion,
  type SurveyOption,
  type Scores,
  type Answers,
  scoreAnswers,
  answerErrors,
  priorityDimensions,
} from './rss-scoring';
export { RSS_SHORT_FORM, SHORT_FORM_ORDER, SHORT_FORM_QUESTIONS, shortFormConcerns } from './rss-short-form';
