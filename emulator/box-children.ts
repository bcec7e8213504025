import { boxId } from './box-ids';
import { randomUserRef } from './box-users';
import { randomTime } from './fake-values';
import { recordRng } from './random';

type Row = Record<string, unknown>;

const ROLES = ['editor', 'viewer', 'previewer', 'uploader', 'co-owner'];
const MESSAGES = [
  'Looks good to me',
  'Please review section 2',
  'Updated the figures',
  'Can we discuss this?',
  'Approved',
];
const TASK_STATUSES = ['incomplete', 'completed', 'approved', 'rejected'];

/**
 * The per-item lists of seed 002, generated from the item's listing index. Each list has a fixed maximum length, so
 * `index * maximum + k` numbers every child uniquely within its kind.
 */
export interface BoxChildren {
  /** 0–3 collaborations of the file or folder at a listing index. */
  collaborations(index: number, on: 'file' | 'folder'): Row[];
  /** 0–4 comments of the file at a listing index. */
  comments(index: number): Row[];
  /** 0–2 tasks of the file at a listing index, each with 0–3 assignments. */
  tasks(index: number): Row[];
}

/** Builds the per-item lists; `userCount` keeps user references consistent with `/v1/users`. */
export function createBoxChildren(seed: number, userCount: number): BoxChildren {
  return {
    collaborations(index, on) {
      const rng = recordRng(seed, `box.${on}_collaborations`, index);
      const kind = on === 'file' ? 'fileCollaboration' : 'folderCollaboration';
      return Array.from({ length: rng.int(4) }, (_, k) => ({
        id: boxId(kind, index * 3 + k + 1),
        type: 'collaboration',
        role: rng.pick(ROLES),
        status: rng.next() < 0.8 ? 'accepted' : 'pending',
        accessible_by: randomUserRef(rng, userCount),
      }));
    },
    comments(index) {
      const rng = recordRng(seed, 'box.comments', index);
      return Array.from({ length: rng.int(5) }, (_, k) => ({
        id: boxId('comment', index * 4 + k + 1),
        type: 'comment',
        message: rng.pick(MESSAGES),
        created_at: randomTime(rng),
        created_by: randomUserRef(rng, userCount),
      }));
    },
    tasks(index) {
      const rng = recordRng(seed, 'box.tasks', index);
      return Array.from({ length: rng.int(3) }, (_, t) => {
        const task = index * 2 + t;
        const entries = Array.from({ length: rng.int(4) }, (_, a) => ({
          id: boxId('taskAssignment', task * 3 + a + 1),
          type: 'task_assignment',
          status: rng.pick(TASK_STATUSES),
          assigned_to: randomUserRef(rng, userCount),
        }));
        return {
          id: boxId('task', task + 1),
          type: 'task',
          message: `Review this file (${t + 1})`,
          due_at: randomTime(rng),
          task_assignment_collection: { total_count: entries.length, entries },
        };
      });
    },
  };
}
