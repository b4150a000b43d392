/** The preview's words for users on instances in drain mode (provider/fleet/drain-mode.ts). */
import { strict as assert } from "assert";
import { drainModeWords } from "../../provider/fleet/drain-mode";

describe("drainModeWords", () => {
  it("says nothing when no session is on a drained instance, or the counts are absent", () => {
    assert.equal(drainModeWords(undefined), "");
    assert.equal(drainModeWords({}), "");
    assert.equal(drainModeWords({ DrainModeActiveUserSessions: 0, DrainModeUnusedUserSessions: 3 }), "");
  });

  it("counts the users on drained instances, and their unused slots", () => {
    assert.equal(drainModeWords({ DrainModeActiveUserSessions: 1 }), "; 1 of the users streaming is on instances in drain mode after an image change");
    assert.equal(
      drainModeWords({ DrainModeActiveUserSessions: 3, DrainModeUnusedUserSessions: 1 }),
      "; 3 of the users streaming are on instances in drain mode after an image change (1 unused session slot there)",
    );
    assert.match(drainModeWords({ DrainModeActiveUserSessions: 2, DrainModeUnusedUserSessions: 2 }), /\(2 unused session slots there\)$/);
  });
});
