// Zeebe's `fromAi()` (Camunda 8.8): marks a value as provided by an AI agent's tool call and gives it unchanged.
import { feelFunction } from './define.js';

export const miscFunctions = {
  fromAi: feelFunction(['value', 'description', 'type', 'schema', 'options'], (value) => value ?? null),
};
