/** DescribeImages, the default catalogue, and images added through the control API. */
import { strict as assert } from "node:assert";
import {
  DescribeImagesCommand,
  paginateDescribeImages,
  type DescribeImagesCommandInput,
  type Image,
} from "@aws-sdk/client-appstream";
import { DEFAULT_IMAGES } from "../../emulator";
import { AL2, WS2019, createFleet, expectAwsError, fleetInput, useEmulator } from "../support/emulator";
import { sdkClient } from "../support/harness";

describe("emulator: images", () => {
  const h = useEmulator();
  const describe1 = (input: DescribeImagesCommandInput) =>
    h.client.send(new DescribeImagesCommand(input));

  describe("default catalogue", () => {
    it("has more than 25 images across platforms, states and visibilities", () => {
      assert.ok(DEFAULT_IMAGES.length >= 30);
      const platforms = new Set(DEFAULT_IMAGES.map((i) => i.Platform));
      for (const p of ["WINDOWS_SERVER_2016", "WINDOWS_SERVER_2019", "WINDOWS_SERVER_2022", "WINDOWS_SERVER_2025", "AMAZON_LINUX2", "RHEL8", "ROCKY_LINUX8", "UBUNTU_PRO_2404"]) {
        assert.ok(platforms.has(p as Image["Platform"] & string), p);
      }
      const states = new Set(DEFAULT_IMAGES.map((i) => i.State));
      for (const s of ["AVAILABLE", "PENDING", "FAILED", "DELETING"]) assert.ok(states.has(s), s);
      assert.ok(DEFAULT_IMAGES.some((i) => i.State === "FAILED" && i.StateChangeReason?.Message));
      assert.ok(DEFAULT_IMAGES.some((i) => i.Visibility === "PRIVATE" && (i.Applications?.length ?? 0) > 0));
      assert.ok(DEFAULT_IMAGES.some((i) => i.Visibility === "SHARED"));
      assert.ok(DEFAULT_IMAGES.some((i) => i.ImageBuilderSupported === false));
      assert.ok(DEFAULT_IMAGES.some((i) => i.Name.includes("Graphics")));
    });

    for (const [name, platform] of [[WS2019, "WINDOWS_SERVER_2019"], [AL2, "AMAZON_LINUX2"]]) {
      it(`includes ${name}, AVAILABLE, PUBLIC, builder-capable`, async () => {
        const [img] = (await describe1({ Names: [name] })).Images ?? [];
        assert.equal(img.State, "AVAILABLE");
        assert.equal(img.Visibility, "PUBLIC");
        assert.equal(img.ImageBuilderSupported, true);
        assert.equal(img.Platform, platform);
        assert.equal(img.Arn, `arn:aws:appstream:us-east-1::image/${name}`);
        assert.equal(img.CreatedTime?.toISOString(), "2024-06-17T00:00:00.000Z");
        assert.equal(img.PublicBaseImageReleasedDate?.toISOString(), "2024-06-17T00:00:00.000Z");
        assert.equal(img.AppstreamAgentVersion, "06-17-2024");
      });
    }
  });

  it("lists in pages of 25 and paginateDescribeImages walks them all", async () => {
    const first = await describe1({});
    assert.equal(first.Images?.length, 25);
    assert.ok(first.NextToken);
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeImages({ client: h.client }, {})) {
      pages++;
      names.push(...(page.Images ?? []).map((i) => i.Name ?? ""));
    }
    assert.equal(pages, 2);
    assert.deepEqual(names.sort(), DEFAULT_IMAGES.map((i) => i.Name).sort());
  });

  it("honours MaxResults 1..25, treats 0 as the default and refuses > 25", async () => {
    const names: string[] = [];
    for await (const page of paginateDescribeImages({ client: h.client, pageSize: 10 }, {})) {
      assert.ok((page.Images?.length ?? 0) <= 10);
      names.push(...(page.Images ?? []).map((i) => i.Name ?? ""));
    }
    assert.equal(new Set(names).size, DEFAULT_IMAGES.length);
    assert.equal((await describe1({ MaxResults: 0 })).Images?.length, 25);
    await expectAwsError(describe1({ MaxResults: 26 }), "ValidationException", /'maxResults'.*25/);
  });

  it("filters by Type on visibility", async () => {
    for (const type of ["PUBLIC", "PRIVATE", "SHARED"] as const) {
      const all: Image[] = [];
      for await (const page of paginateDescribeImages({ client: h.client }, { Type: type })) all.push(...(page.Images ?? []));
      assert.ok(all.length > 0);
      assert.ok(all.every((i) => i.Visibility === type), type);
      assert.equal(all.length, DEFAULT_IMAGES.filter((i) => i.Visibility === type).length);
    }
    await expectAwsError(describe1({ Type: "OTHER" as "PUBLIC" }), "ValidationException", /'type'/);
  });

  it("finds by Names and Arns; unknown ones are ResourceNotFoundException", async () => {
    const byName = await describe1({ Names: [WS2019, "company-apps-2025-03"] });
    assert.deepEqual(byName.Images?.map((i) => i.Name).sort(), ["AppStream-WinServer2019-06-17-2024", "company-apps-2025-03"]);
    const arn = "arn:aws:appstream:us-east-1:123456789012:image/company-apps-2025-03";
    assert.equal((await describe1({ Arns: [arn] })).Images?.[0]?.Name, "company-apps-2025-03");
    await expectAwsError(describe1({ Names: [WS2019, "nope"] }), "ResourceNotFoundException", /nope/);
    await expectAwsError(describe1({ Arns: ["arn:aws:appstream:us-east-1::image/nope"] }), "ResourceNotFoundException");
    await expectAwsError(describe1({ Names: [WS2019], Arns: [arn] }), "InvalidParameterCombinationException");
  });

  it("answers ARNs in the caller's region", async () => {
    const eu = sdkClient(h.emulator.url, { region: "eu-west-1" });
    const [img] = (await eu.send(new DescribeImagesCommand({ Names: [WS2019] }))).Images ?? [];
    assert.equal(img.Arn, `arn:aws:appstream:eu-west-1::image/${WS2019}`);
    eu.destroy();
  });

  it("adds and replaces images through the control API, with defaults", async () => {
    assert.equal(await h.control.addImages([{ Name: "custom-1" }, { Name: "custom-2", State: "PENDING" }]), 2);
    const [img] = (await describe1({ Names: ["custom-1"] })).Images ?? [];
    assert.equal(img.Arn, "arn:aws:appstream:us-east-1:123456789012:image/custom-1");
    assert.equal(img.State, "AVAILABLE");
    assert.equal(img.Visibility, "PRIVATE");
    assert.equal(img.Platform, "WINDOWS_SERVER_2019");
    assert.equal(img.ImageBuilderSupported, true);
    assert.ok(img.CreatedTime instanceof Date);
    await createFleet(h.client, fleetInput("f1", { ImageName: "custom-1" }));
    await expectAwsError(createFleet(h.client, fleetInput("f2", { ImageName: "custom-2" })), "ResourceNotAvailableException");
    await h.control.addImages([{ Name: "custom-2" }]);
    await createFleet(h.client, fleetInput("f2", { ImageName: "custom-2" }));
    await h.control.reset();
    await expectAwsError(describe1({ Names: ["custom-1"] }), "ResourceNotFoundException");
  });
});
