/** Stacks, fleet-stack associations, and the delete refusals they cause. */
import { strict as assert } from "node:assert";
import {
  AssociateFleetCommand,
  CreateStackCommand,
  DeleteFleetCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  DisassociateFleetCommand,
  ListAssociatedFleetsCommand,
  ListAssociatedStacksCommand,
} from "@aws-sdk/client-appstream";
import { DEFAULT_ACCOUNT_ID } from "../../emulator";
import { createFleet, expectAwsError, fleetInput, useEmulator } from "../support/emulator";

describe("emulator: stacks and associations", () => {
  const h = useEmulator();
  const createStack = (name: string, extra: Record<string, unknown> = {}) =>
    h.client.send(new CreateStackCommand({ Name: name, ...extra }));
  const associate = (fleet: string, stack: string) =>
    h.client.send(new AssociateFleetCommand({ FleetName: fleet, StackName: stack }));

  it("creates and describes a stack with ARN, CreatedTime and its settings", async () => {
    const out = await createStack("s1", { DisplayName: "Stack one", Description: "d", RedirectURL: "https://example.com" });
    assert.equal(out.Stack?.Arn, `arn:aws:appstream:us-east-1:${DEFAULT_ACCOUNT_ID}:stack/s1`);
    const s = (await h.client.send(new DescribeStacksCommand({ Names: ["s1"] }))).Stacks?.[0];
    assert.equal(s?.DisplayName, "Stack one");
    assert.equal(s?.Description, "d");
    assert.equal(s?.RedirectURL, "https://example.com");
    assert.ok(s?.CreatedTime instanceof Date);
  });

  it("refuses a duplicate, a bad name, and unknown names", async () => {
    await createStack("s1");
    await expectAwsError(createStack("s1"), "ResourceAlreadyExistsException");
    await expectAwsError(createStack("bad name"), "ValidationException", /'name'/);
    await expectAwsError(createStack("s2", { DisplayName: "x".repeat(101) }), "ValidationException", /'displayName'/);
    await expectAwsError(h.client.send(new DescribeStacksCommand({ Names: ["nope"] })), "ResourceNotFoundException", /nope/);
  });

  it("lists all stacks in pages of 25", async () => {
    await Promise.all(Array.from({ length: 27 }, (_, i) => createStack(`s${String(i).padStart(2, "0")}`)));
    const first = await h.client.send(new DescribeStacksCommand({}));
    assert.equal(first.Stacks?.length, 25);
    const second = await h.client.send(new DescribeStacksCommand({ NextToken: first.NextToken }));
    assert.equal(second.Stacks?.length, 2);
    assert.equal(second.NextToken, undefined);
  });

  it("associates and lists in both directions", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await createStack("s1");
    await createStack("s2");
    await associate("f1", "s1");
    await associate("f1", "s2");
    await associate("f1", "s1"); // already associated: no-op
    assert.deepEqual((await h.client.send(new ListAssociatedStacksCommand({ FleetName: "f1" }))).Names, ["s1", "s2"]);
    assert.deepEqual((await h.client.send(new ListAssociatedFleetsCommand({ StackName: "s1" }))).Names, ["f1"]);
    await h.client.send(new DisassociateFleetCommand({ FleetName: "f1", StackName: "s1" }));
    assert.deepEqual((await h.client.send(new ListAssociatedStacksCommand({ FleetName: "f1" }))).Names, ["s2"]);
  });

  it("refuses associating unknown fleets or stacks, and a second fleet on a stack", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await createFleet(h.client, fleetInput("f2"));
    await createStack("s1");
    await expectAwsError(associate("nope", "s1"), "ResourceNotFoundException", /fleet nope/);
    await expectAwsError(associate("f1", "nope"), "ResourceNotFoundException", /stack nope/);
    await associate("f1", "s1");
    await expectAwsError(associate("f2", "s1"), "LimitExceededException", /already associated with fleet f1/);
  });

  it("refuses deleting an associated fleet until it is dissociated", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await createStack("s1");
    await associate("f1", "s1");
    await expectAwsError(
      h.client.send(new DeleteFleetCommand({ Name: "f1" })),
      "ResourceInUseException",
      /^The fleet f1 is associated with a stack\. To delete the fleet, you must dissociate it from the stack\.$/,
    );
    await h.client.send(new DisassociateFleetCommand({ FleetName: "f1", StackName: "s1" }));
    await h.client.send(new DeleteFleetCommand({ Name: "f1" }));
  });

  it("refuses deleting a stack with a fleet until it is dissociated", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await createStack("s1");
    await associate("f1", "s1");
    await expectAwsError(h.client.send(new DeleteStackCommand({ Name: "s1" })), "ResourceInUseException", /s1/);
    await h.client.send(new DisassociateFleetCommand({ FleetName: "f1", StackName: "s1" }));
    await h.client.send(new DeleteStackCommand({ Name: "s1" }));
    await expectAwsError(h.client.send(new DescribeStacksCommand({ Names: ["s1"] })), "ResourceNotFoundException");
    await expectAwsError(h.client.send(new DeleteStackCommand({ Name: "s1" })), "ResourceNotFoundException");
  });
});
