/** TagResource / UntagResource / ListTagsForResource on fleet and stack ARNs. */
import { strict as assert } from "node:assert";
import {
  CreateStackCommand,
  ListTagsForResourceCommand,
  StartFleetCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-appstream";
import { createFleet, expectAwsError, fleetInput, useEmulator } from "../support/emulator";

const FLEET_ARN = "arn:aws:appstream:us-east-1:123456789012:fleet/f1";
const STACK_ARN = "arn:aws:appstream:us-east-1:123456789012:stack/s1";

describe("emulator: tags", () => {
  const h = useEmulator();
  const list = async (arn: string) => (await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags;
  const tag = (arn: string, tags: Record<string, string>) => h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));

  it("keeps CreateFleet tags, merges TagResource and removes with UntagResource", async () => {
    await createFleet(h.client, fleetInput("f1", { Tags: { env: "test", team: "a" } }));
    assert.deepEqual(await list(FLEET_ARN), { env: "test", team: "a" });
    await tag(FLEET_ARN, { team: "b", cost: "" });
    assert.deepEqual(await list(FLEET_ARN), { env: "test", team: "b", cost: "" });
    await h.client.send(new UntagResourceCommand({ ResourceArn: FLEET_ARN, TagKeys: ["env", "absent"] }));
    assert.deepEqual(await list(FLEET_ARN), { team: "b", cost: "" });
  });

  it("tags stacks too, and a fleet in any state", async () => {
    await h.client.send(new CreateStackCommand({ Name: "s1", Tags: { a: "1" } }));
    await tag(STACK_ARN, { b: "2" });
    assert.deepEqual(await list(STACK_ARN), { a: "1", b: "2" });
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await tag(FLEET_ARN, { live: "yes" });
    assert.deepEqual(await list(FLEET_ARN), { live: "yes" });
  });

  it("answers ResourceNotFoundException for unknown ARNs, including another region's", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await expectAwsError(list("arn:aws:appstream:us-east-1:123456789012:fleet/nope"), "ResourceNotFoundException");
    await expectAwsError(list("arn:aws:appstream:eu-west-1:123456789012:fleet/f1"), "ResourceNotFoundException");
    await expectAwsError(tag("arn:aws:appstream:us-east-1:123456789012:stack/nope", { a: "b" }), "ResourceNotFoundException");
    await expectAwsError(list("not-an-arn"), "ValidationException", /'resourceArn'/);
  });

  it("enforces tag rules and the 50-tag limit without partial changes", async () => {
    await createFleet(h.client, fleetInput("f1", { Tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"])) }));
    await expectAwsError(tag(FLEET_ARN, { "aws:x": "v" }), "ValidationException", /key/);
    await expectAwsError(tag(FLEET_ARN, { k: "v".repeat(257) }), "ValidationException", /256/);
    await expectAwsError(h.client.send(new TagResourceCommand({ ResourceArn: FLEET_ARN, Tags: {} })), "ValidationException", /'tags'/);
    await expectAwsError(tag(FLEET_ARN, { x1: "v", x2: "v" }), "LimitExceededException", /50/);
    assert.equal(Object.keys((await list(FLEET_ARN)) ?? {}).length, 49);
    await tag(FLEET_ARN, { x1: "v" });
    assert.equal(Object.keys((await list(FLEET_ARN)) ?? {}).length, 50);
    await expectAwsError(h.client.send(new UntagResourceCommand({ ResourceArn: FLEET_ARN, TagKeys: [] })), "ValidationException");
  });
});
