export { ReintegrationModule } from './reintegration.module';
export { ReintegrationService } from './reintegration.service';
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
} from './rss-scoring';
