export { templateProblems } from './config-templates';
export { checkTemplate, evaluateCondition, isTemplate, referencedPaths, renderString, renderValue } from './template';
export type { EvaluateOptions, ExpressionContext } from './template';
