import { SelectInput } from 'react-admin';
import type { Choice } from './choices';

// List filters that each pick one value of an enumeration, named (and keyed) by the API's filter parameter, in the
// order given: what most lists' filter menus are made of.
export const choiceFilters = (bySource: Record<string, Choice[]>) =>
  Object.entries(bySource).map(([source, choices]) => <SelectInput key={source} source={source} choices={choices} />);
