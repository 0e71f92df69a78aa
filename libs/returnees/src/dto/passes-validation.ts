import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationArguments } from 'class-validator';

// A fast yes/no answer to "would validateSync(object, options) return no errors?" for bulk intake (CSV imports check
// 100,000 lines through the create endpoint's DTO). It runs the very same constraint functions class-validator runs,
// found in the same metadata, in the same order; what it skips is class-validator's per-call bookkeeping (the
// metadata lookup over every registered class, grouping, a ValidationError per property), which costs most of the
// time of a valid line. It only ever answers for the options the API's global pipe uses (whitelist,
// forbidNonWhitelisted, forbidUnknownValues, no groups, no skip options). `true` means valid; `false` means "ask
// validateSync", which then produces the messages the users see — so a refused line reads exactly as before. Metadata
// it does not model (IS_DEFINED, promise validation, async constraints) makes it answer false for that class.

type Meta = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
type Constraint = { validate(value: unknown, args: ValidationArguments): unknown };
type CustomCheck = { meta: Meta; constraints: Constraint[] };
type PropertyPlan = { name: string; conditions: Meta[]; customs: CustomCheck[]; nested: boolean };
type ClassPlan = { properties: PropertyPlan[]; known: Set<string>; targetName: string } | null;

const plans = new Map<unknown, ClassPlan>();

function planOf(ctor: unknown): ClassPlan {
  if (plans.has(ctor)) return plans.get(ctor) as ClassPlan;
  const plan = buildPlan(ctor);
  plans.set(ctor, plan);
  return plan;
}

function buildPlan(ctor: unknown): ClassPlan {
  if (typeof ctor !== 'function') return null;
  const storage = getMetadataStorage();
  // the arguments validateSync passes for an object without groups: (constructor, schema '', always false, strictGroups false)
  const metas = storage.getTargetValidationMetadatas(ctor, '', false, false, undefined);
  if (metas.length === 0) return null;
  const grouped = storage.groupByPropertyName(metas);
  const properties: PropertyPlan[] = [];
  for (const name of Object.keys(grouped)) {
    const plan: PropertyPlan = { name, conditions: [], customs: [], nested: false };
    for (const m of grouped[name]) {
      switch (m.type) {
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.CONDITIONAL_VALIDATION:
          plan.conditions.push(m);
          break;
        case ValidationTypes.NESTED_VALIDATION:
          plan.nested = true;
          break;
        case ValidationTypes.CUSTOM_VALIDATION: {
          const found = storage.getTargetValidatorConstraints(m.constraintCls);
          if (found.some((c) => c.async)) return null;
          plan.customs.push({ meta: m, constraints: found.map((c) => c.instance as Constraint) });
          break;
        }
        default:
          return null;
      }
    }
    properties.push(plan);
  }
  return { properties, known: new Set(Object.keys(grouped)), targetName: (ctor as { name: string }).name };
}

const isCollection = (v: unknown): v is unknown[] | Set<unknown> | Map<unknown, unknown> => Array.isArray(v) || v instanceof Set || v instanceof Map;
const toArray = (v: unknown[] | Set<unknown> | Map<unknown, unknown>): unknown[] => (Array.isArray(v) ? v : v instanceof Set ? [...v] : [...v.values()]);
const passed = (r: unknown): boolean => !!r && !(r instanceof Promise);

export function passesValidation(object: object): boolean {
  const plan = planOf(object.constructor);
  if (!plan) return false;
  // whitelist with forbidNonWhitelisted: a property without any metadata is an error
  for (const key of Object.keys(object)) if (!plan.known.has(key)) return false;
  const obj = object as Record<string, unknown>;
  for (const p of plan.properties) {
    const value = obj[p.name];
    if (value instanceof Promise) return false;
    // IsOptional and the like: a property whose condition fails is not validated at all
    if (!p.conditions.every((m) => (m.constraints[0] as (o: object, v: unknown) => boolean)(object, value))) continue;
    for (const { meta, constraints } of p.customs) {
      if (meta.validateIf && !meta.validateIf(object, value)) continue;
      const args: ValidationArguments = {
        targetName: plan.targetName,
        property: meta.propertyName,
        object,
        value,
        constraints: meta.constraints,
      };
      for (const c of constraints) {
        if (!meta.each || !isCollection(value)) {
          if (!passed(c.validate(value, args))) return false;
        } else if (!toArray(value).every((sub) => passed(c.validate(sub, args)))) return false;
      }
    }
    if (p.nested && !nestedPasses(value)) return false;
  }
  return true;
}

// ValidateNested: each item of an array (or set, map) is validated as a nested value; an object by its own class's
// metadata; anything else is an error. undefined is not validated.
function nestedPasses(value: unknown): boolean {
  if (value === undefined) return true;
  if (isCollection(value)) return toArray(value).every(nestedPasses);
  if (value instanceof Object) return passesValidation(value);
  return false;
}
