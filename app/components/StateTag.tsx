import type { StateWords } from '../vocabulary';
import { Tag } from './Tag';

/** A state's tag in its one colour and words (see app/vocabulary.ts). */
export function StateTag({ state }: { state: StateWords }) {
  return <Tag colour={state.colour}>{state.label}</Tag>;
}
