/**
 * The pure half of the lookups: conversion to plain JSON, argument validation, the request a
 * query sends, client-side selection, mostRecent and the error messages. No server.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import type { Image as ApiImage, Session as ApiSession } from "@aws-sdk/client-appstream";
import { isoTime, toImage, toSession } from "../../provider/lookups/convert";
import { parseGetImageArgs, parseGetImagesArgs, parseGetSessionsArgs } from "../../provider/lookups/args";
import { AmbiguousImageError, ImageNotFoundError, type ImageSuggestion, LookupArgumentError } from "../../provider/lookups/errors";
import { pickImage } from "../../provider/lookups/pick";
import { describeImagesRequest, newestFirst, selectImages } from "../../provider/lookups/select";
import { applyChange, formatChange, MAX_SUGGESTIONS } from "../../provider/lookups/suggest";
import type { Image } from "../../provider/lookups/types";
import { assertPlainJson } from "../support/plain-json";
import { loadServiceModel } from "../../tools/service-model";

const T0 = new Date("2024-06-17T00:00:00Z");

describe("lookups: convert (API -> plain JSON)", () => {
  const fullImage: ApiImage = {
    Name: "AppStream-WinServer2019-06-17-2024",
    Arn: "arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024",
    BaseImageArn: "arn:aws:appstream:us-east-1::image/Base",
    DisplayName: "Windows Server 2019",
    Description: "Base image",
    State: "AVAILABLE",
    Visibility: "PUBLIC",
    ImageBuilderSupported: true,
    ImageBuilderName: "builder-1",
    Platform: "WINDOWS_SERVER_2019",
    StateChangeReason: { Code: "INTERNAL_ERROR", Message: "none" },
    Applications: [
      {
        Name: "notepad",
        DisplayName: "Notepad",
        IconURL: "https://example.com/n.png",
        LaunchPath: "C:\\notepad.exe",
        LaunchParameters: "-x",
        Enabled: true,
        Metadata: { PublisherKey: "v", "lower-key": "w" },
        IconS3Location: { S3Bucket: "b", S3Key: "k" },
        Platforms: ["WINDOWS_SERVER_2019"],
        InstanceFamilies: ["GENERAL_PURPOSE"],
        CreatedTime: T0,
      },
    ],
    CreatedTime: T0,
    PublicBaseImageReleasedDate: new Date("2024-06-01T12:30:00.250Z"),
    AppstreamAgentVersion: "10-22-2024",
    ImagePermissions: { allowFleet: true, allowImageBuilder: false },
    ImageErrors: [{ ErrorCode: "INTERNAL_SERVICE_ERROR", ErrorMessage: "boom", ErrorTimestamp: T0 }],
    LatestAppstreamAgentVersion: "TRUE",
    SupportedInstanceFamilies: ["GENERAL_PURPOSE", "GRAPHICS_G4"],
    DynamicAppProvidersEnabled: "DISABLED",
    ImageSharedWithOthers: "FALSE",
    ManagedSoftwareIncluded: false,
    ImageType: "NATIVE",
  };

  it("maps every Image member to camelCase, times to ISO strings, nested shapes too", () => {
    const image = toImage(fullImage);
    assertPlainJson(image);
    assert.deepEqual(image, {
      name: "AppStream-WinServer2019-06-17-2024",
      arn: "arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024",
      baseImageArn: "arn:aws:appstream:us-east-1::image/Base",
      displayName: "Windows Server 2019",
      description: "Base image",
      state: "AVAILABLE",
      visibility: "PUBLIC",
      imageBuilderSupported: true,
      imageBuilderName: "builder-1",
      platform: "WINDOWS_SERVER_2019",
      stateChangeReason: { code: "INTERNAL_ERROR", message: "none" },
      applications: [
        {
          name: "notepad",
          displayName: "Notepad",
          iconUrl: "https://example.com/n.png",
          launchPath: "C:\\notepad.exe",
          launchParameters: "-x",
          enabled: true,
          metadata: { PublisherKey: "v", "lower-key": "w" },
          iconS3Location: { s3Bucket: "b", s3Key: "k" },
          platforms: ["WINDOWS_SERVER_2019"],
          instanceFamilies: ["GENERAL_PURPOSE"],
          createdTime: "2024-06-17T00:00:00.000Z",
        },
      ],
      createdTime: "2024-06-17T00:00:00.000Z",
      publicBaseImageReleasedDate: "2024-06-01T12:30:00.250Z",
      appstreamAgentVersion: "10-22-2024",
      imagePermissions: { allowFleet: true, allowImageBuilder: false },
      imageErrors: [{ errorCode: "INTERNAL_SERVICE_ERROR", errorMessage: "boom", errorTimestamp: "2024-06-17T00:00:00.000Z" }],
      latestAppstreamAgentVersion: "TRUE",
      supportedInstanceFamilies: ["GENERAL_PURPOSE", "GRAPHICS_G4"],
      dynamicAppProvidersEnabled: "DISABLED",
      imageSharedWithOthers: "FALSE",
      managedSoftwareIncluded: false,
      imageType: "NATIVE",
    });
  });

  const sparse: { title: string; api: ApiImage; expected: Image }[] = [
    { title: "a name only", api: { Name: "n" }, expected: { name: "n" } },
    { title: "explicit undefined members", api: { Name: "n", Arn: undefined, CreatedTime: undefined }, expected: { name: "n" } },
    { title: "an empty nested object", api: { Name: "n", StateChangeReason: {}, ImagePermissions: {} }, expected: { name: "n" } },
    { title: "an invalid date", api: { Name: "n", CreatedTime: new Date("garbage") }, expected: { name: "n" } },
    { title: "false and empty lists kept", api: { Name: "n", ImageBuilderSupported: false, Applications: [] }, expected: { name: "n", imageBuilderSupported: false, applications: [] } },
  ];
  for (const { title, api, expected } of sparse) {
    it(`omits what is absent: ${title}`, () => {
      const image = toImage(api);
      assertPlainJson(image);
      assert.deepEqual(image, expected);
      assert.ok(Object.values(image).every((v) => v !== undefined));
    });
  }

  it("does not share arrays or metadata with the SDK objects", () => {
    const api: ApiImage = { Name: "n", SupportedInstanceFamilies: ["A"], Applications: [{ Metadata: { k: "v" } }] };
    const image = toImage(api);
    image.supportedInstanceFamilies?.push("B");
    image.applications![0].metadata!.k = "changed";
    assert.deepEqual(api.SupportedInstanceFamilies, ["A"]);
    assert.equal(api.Applications![0].Metadata!.k, "v");
  });

  it("maps a Session, with ISO times and the network access configuration", () => {
    const api: ApiSession = {
      Id: "s-1",
      UserId: "alice",
      StackName: "stack",
      FleetName: "fleet",
      State: "ACTIVE",
      ConnectionState: "CONNECTED",
      StartTime: T0,
      MaxExpirationTime: new Date(T0.getTime() + 3600_000),
      AuthenticationType: "SAML",
      InstanceId: "i-1",
      InstanceDrainStatus: "NOT_APPLICABLE",
      NetworkAccessConfiguration: { EniPrivateIpAddress: "10.0.0.5", EniId: "eni-1", EniIpv6Addresses: ["::1"] },
    };
    const session = toSession(api);
    assertPlainJson(session);
    assert.deepEqual(session, {
      id: "s-1",
      userId: "alice",
      stackName: "stack",
      fleetName: "fleet",
      state: "ACTIVE",
      connectionState: "CONNECTED",
      startTime: "2024-06-17T00:00:00.000Z",
      maxExpirationTime: "2024-06-17T01:00:00.000Z",
      authenticationType: "SAML",
      instanceId: "i-1",
      instanceDrainStatus: "NOT_APPLICABLE",
      networkAccessConfiguration: { eniPrivateIpAddress: "10.0.0.5", eniId: "eni-1", eniIpv6Addresses: ["::1"] },
    });
  });

  it("keeps a sparse Session's required members as strings and omits the rest", () => {
    const session = toSession({ Id: "s", UserId: undefined, StackName: "st", FleetName: "f", State: undefined });
    assertPlainJson(session);
    assert.deepEqual(session, { id: "s", userId: "", stackName: "st", fleetName: "f", state: "" });
  });

  it("isoTime: Date -> ISO, invalid or absent -> undefined", () => {
    assert.equal(isoTime(new Date(1718582400500)), "2024-06-17T00:00:00.500Z");
    assert.equal(isoTime(new Date(NaN)), undefined);
    assert.equal(isoTime(undefined), undefined);
  });
});

describe("lookups: argument validation (before any API call)", () => {
  const badImageArgs: { title: string; args: unknown; argument: string; message: RegExp; fn?: "getImages" }[] = [
    { title: "no selector", args: {}, argument: "name, arn, nameRegex", message: /exactly one of the arguments "name", "arn", "nameRegex" \(got none\)/ },
    { title: "two selectors", args: { name: "a", arn: "b" }, argument: "name, arn", message: /exactly one .*\(got name and arn\)/ },
    { title: "three selectors", args: { name: "a", arn: "b", nameRegex: "c" }, argument: "name, arn, nameRegex", message: /got name and arn and nameRegex/ },
    { title: "two selectors in getImages", fn: "getImages", args: { name: "a", nameRegex: "c" }, argument: "name, nameRegex", message: /at most one/ },
    { title: "an empty name", args: { name: "" }, argument: "name", message: /argument "name" must be a non-empty string, got ""/ },
    { title: "a numeric arn", args: { arn: 42 }, argument: "arn", message: /argument "arn" must be a non-empty string, got number 42/ },
    { title: "an invalid regex", args: { nameRegex: "(unclosed" }, argument: "nameRegex", message: /argument "nameRegex" is not a valid regular expression/ },
    { title: "a bad type", args: { name: "a", type: "public" }, argument: "type", message: /argument "type" must be one of PRIVATE \| PUBLIC \| SHARED, got "public"/ },
    { title: "a bad platform", args: { name: "a", platform: "WINDOWS_XP" }, argument: "platform", message: /argument "platform" must be one of .*WINDOWS_SERVER_2019/ },
    { title: "a string imageBuilderSupported", args: { name: "a", imageBuilderSupported: "true" }, argument: "imageBuilderSupported", message: /must be true or false, got "true"/ },
    { title: "a string mostRecent", args: { name: "a", mostRecent: "yes" }, argument: "mostRecent", message: /must be true or false/ },
    { title: "empty states", args: { name: "a", states: [] }, argument: "states", message: /must be a non-empty list of/ },
    { title: "a bad state", args: { name: "a", states: ["AVAILABLE", "READY"] }, argument: "states", message: /contains "READY"; each must be one of/ },
    { title: "states as a string", args: { name: "a", states: "AVAILABLE" }, argument: "states", message: /must be a non-empty list/ },
    { title: "a misspelt argument", args: { nameregex: "x" }, argument: "nameregex", message: /argument "nameregex" is not an argument of getImage; expected one of: name, arn, nameRegex/ },
    { title: "mostRecent in getImages", fn: "getImages", args: { mostRecent: true }, argument: "mostRecent", message: /is not an argument of getImages/ },
    { title: "no args object", args: undefined, argument: "args", message: /must be an object, got undefined/ },
    { title: "an array", args: ["a"], argument: "args", message: /must be an object, got an array/ },
  ];
  for (const { title, args, argument, message, fn = "getImage" } of badImageArgs) {
    it(`${fn} rejects ${title}`, () => {
      const parse = fn === "getImage" ? parseGetImageArgs : parseGetImagesArgs;
      assert.throws(
        () => parse(args),
        (e: unknown) => {
          assert.ok(e instanceof LookupArgumentError, String(e));
          assert.equal(e.argument, argument);
          assert.equal(e.fn, fn);
          assert.match(e.message, new RegExp(`^${fn}: `));
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }

  const goodImageArgs: { title: string; args: unknown; request: object; states?: string[]; mostRecent?: boolean; fn?: "getImages" }[] = [
    { title: "name", args: { name: "img" }, request: { Names: ["img"] } },
    { title: "arn with type", args: { arn: "arn:x", type: "SHARED" }, request: { Arns: ["arn:x"], Type: "SHARED" } },
    { title: "nameRegex with type (lists everything of that type)", args: { nameRegex: "^A", type: "PRIVATE" }, request: { Type: "PRIVATE" } },
    { title: "nameRegex alone", args: { nameRegex: "A" }, request: {} },
    { title: "null and undefined members are absent", args: { name: "img", arn: null, type: undefined }, request: { Names: ["img"] } },
    { title: "states deduplicated", args: { name: "i", states: ["FAILED", "FAILED", "PENDING"] }, request: { Names: ["i"] }, states: ["FAILED", "PENDING"] },
    { title: "mostRecent", args: { nameRegex: "x", mostRecent: true }, request: {}, mostRecent: true },
    { title: "getImages with no selector", fn: "getImages", args: {}, request: {} },
    { title: "getImages with type only", fn: "getImages", args: { type: "PUBLIC" }, request: { Type: "PUBLIC" } },
  ];
  for (const { title, args, request, states = ["AVAILABLE"], mostRecent = false, fn = "getImage" } of goodImageArgs) {
    it(`${fn} accepts ${title}`, () => {
      const q = (fn === "getImage" ? parseGetImageArgs : parseGetImagesArgs)(args);
      assert.deepEqual(describeImagesRequest(q), request);
      assert.deepEqual(q.states, states);
      assert.equal(q.mostRecent, mostRecent);
    });
  }

  it("getImage and getImages take every platform of AWS's model, WINDOWS_11 included (no SDK enum list refuses one)", () => {
    const platforms = loadServiceModel().model.shapes.PlatformType.enum!;
    assert.ok(platforms.includes("WINDOWS_11"), "the pinned model has WINDOWS_11");
    for (const platform of platforms) {
      assert.equal(parseGetImageArgs({ nameRegex: "x", platform }).platform, platform);
      assert.equal(parseGetImagesArgs({ platform }).platform, platform);
    }
    assert.throws(() => parseGetImageArgs({ nameRegex: "x", platform: "WINDOWS_12" }), /argument "platform" must be one of .*WINDOWS_11/);
  });

  const badSessionArgs: { title: string; args: unknown; argument: string; message: RegExp }[] = [
    { title: "no stackName", args: { fleetName: "f" }, argument: "stackName", message: /argument "stackName" is required/ },
    { title: "no fleetName", args: { stackName: "s" }, argument: "fleetName", message: /argument "fleetName" is required/ },
    { title: "an empty fleetName", args: { stackName: "s", fleetName: "" }, argument: "fleetName", message: /non-empty string/ },
    { title: "a one-character userId", args: { stackName: "s", fleetName: "f", userId: "a" }, argument: "userId", message: /2 to 128 characters/ },
    { title: "a 129-character userId", args: { stackName: "s", fleetName: "f", userId: "u".repeat(129) }, argument: "userId", message: /2 to 128 characters/ },
    { title: "a bad authenticationType", args: { stackName: "s", fleetName: "f", authenticationType: "OIDC" }, argument: "authenticationType", message: /must be one of API \| AWS_AD \| SAML \| USERPOOL, got "OIDC"/ },
    { title: "an unknown argument", args: { stackName: "s", fleetName: "f", limit: 5 }, argument: "limit", message: /is not an argument of getSessions/ },
  ];
  for (const { title, args, argument, message } of badSessionArgs) {
    it(`getSessions rejects ${title}`, () => {
      assert.throws(
        () => parseGetSessionsArgs(args),
        (e: unknown) => e instanceof LookupArgumentError && e.argument === argument && /^getSessions: /.test(e.message) && message.test(e.message),
      );
    });
  }

  const goodSessionArgs: { title: string; args: unknown; request: object }[] = [
    { title: "stack and fleet only: no AuthenticationType sent (service default API)", args: { stackName: "s", fleetName: "f" }, request: { StackName: "s", FleetName: "f" } },
    { title: "every filter", args: { stackName: "s", fleetName: "f", userId: "bob", authenticationType: "SAML" }, request: { StackName: "s", FleetName: "f", UserId: "bob", AuthenticationType: "SAML" } },
    { title: "undefined filters", args: { stackName: "s", fleetName: "f", userId: undefined, authenticationType: undefined }, request: { StackName: "s", FleetName: "f" } },
  ];
  for (const { title, args, request } of goodSessionArgs) {
    it(`getSessions accepts ${title}`, () => {
      const q = parseGetSessionsArgs(args);
      assert.deepEqual(q, request);
      assert.ok(!("AuthenticationType" in q) || q.AuthenticationType !== undefined);
    });
  }
});

describe("lookups: selection, mostRecent and their errors", () => {
  const img = (name: string, extra: Partial<Image> = {}): Image => ({
    name,
    state: "AVAILABLE",
    visibility: "PUBLIC",
    platform: "WINDOWS_SERVER_2019",
    imageBuilderSupported: true,
    createdTime: "2024-01-01T00:00:00.000Z",
    ...extra,
  });
  const catalogue: Image[] = [
    img("AppStream-WinServer2019-06-17-2024", { createdTime: "2024-06-17T00:00:00.000Z" }),
    img("AppStream-WinServer2019-01-10-2024", { createdTime: "2024-01-10T00:00:00.000Z" }),
    img("AppStream-AmazonLinux2-06-17-2024", { platform: "AMAZON_LINUX2", imageBuilderSupported: false }),
    img("my-pending", { state: "PENDING", visibility: "PRIVATE" }),
    img("my-failed", { state: "FAILED", visibility: "PRIVATE" }),
    img("no-builder", { imageBuilderSupported: undefined }),
  ];

  const selections: { title: string; args: object; names: string[]; fn?: "getImages" }[] = [
    { title: "nameRegex has search semantics (substring)", args: { nameRegex: "WinServer2019" }, names: ["AppStream-WinServer2019-06-17-2024", "AppStream-WinServer2019-01-10-2024"] },
    { title: "an anchored nameRegex is a full match", args: { nameRegex: "^WinServer2019$" }, names: [] },
    { title: "nameRegex is case-sensitive", args: { nameRegex: "winserver" }, names: [] },
    { title: "states default to AVAILABLE only", args: { nameRegex: "^my-" }, names: [] },
    { title: "states opt in to other states", args: { nameRegex: "^my-", states: ["PENDING"] }, names: ["my-pending"] },
    { title: "several states", args: { nameRegex: "^my-", states: ["PENDING", "FAILED"] }, names: ["my-pending", "my-failed"] },
    { title: "platform", args: { nameRegex: "AppStream", platform: "AMAZON_LINUX2" }, names: ["AppStream-AmazonLinux2-06-17-2024"] },
    { title: "imageBuilderSupported false (absent counts as false)", args: { nameRegex: ".", imageBuilderSupported: false }, names: ["AppStream-AmazonLinux2-06-17-2024", "no-builder"] },
    { title: "imageBuilderSupported true", args: { nameRegex: "AppStream", imageBuilderSupported: true }, names: ["AppStream-WinServer2019-06-17-2024", "AppStream-WinServer2019-01-10-2024"] },
    { title: "name selector is the server's job (no client-side name check)", args: { name: "whatever" }, names: catalogue.filter((i) => i.state === "AVAILABLE").map((i) => i.name) },
    { title: "getImages with no selector keeps every AVAILABLE image", fn: "getImages", args: {}, names: catalogue.filter((i) => i.state === "AVAILABLE").map((i) => i.name) },
  ];
  for (const { title, args, names, fn = "getImage" } of selections) {
    it(`selects by ${title}`, () => {
      const q = (fn === "getImage" ? parseGetImageArgs : parseGetImagesArgs)(args);
      assert.deepEqual(
        selectImages(q, catalogue).matches.map((i) => i.name),
        names,
      );
    });
  }

  it("a single match is returned as is", () => {
    const q = parseGetImageArgs({ nameRegex: "AmazonLinux2" });
    assert.equal(pickImage(q, selectImages(q, catalogue)).name, "AppStream-AmazonLinux2-06-17-2024");
  });

  it("no match: says what was searched, where, and what the filters removed", () => {
    const q = parseGetImageArgs({ nameRegex: "^my-", type: "PRIVATE", platform: "WINDOWS_SERVER_2019" });
    assert.throws(
      () => pickImage(q, selectImages(q, catalogue), "in eu-west-1"),
      (e: unknown) => {
        assert.ok(e instanceof ImageNotFoundError);
        assert.match(e.message, /^getImage: no image matches nameRegex \/\^my-\/ \(type PRIVATE, platform WINDOWS_SERVER_2019, states \[AVAILABLE\]\) in eu-west-1\./);
        assert.match(e.message, /2 image\(s\) matched the selector but not the filters: my-pending \(state PENDING\); my-failed \(state FAILED\)/);
        // Not "widen states" in general: the exact states that find each, checked.
        assert.match(e.message, /Changes that find an image here: \{ states: \["AVAILABLE","FAILED"\] \} finds my-failed; \{ states: \["AVAILABLE","PENDING"\] \} finds my-pending\.$/);
        assert.deepEqual(e.suggestions, [
          { change: { states: ["AVAILABLE", "FAILED"] }, finds: "my-failed" },
          { change: { states: ["AVAILABLE", "PENDING"] }, finds: "my-pending" },
        ]);
        return true;
      },
    );
  });

  it("no match with nothing filtered out: no misleading hint", () => {
    const q = parseGetImageArgs({ name: "nope" });
    assert.throws(
      () => pickImage(q, selectImages(q, [])),
      (e: unknown) => e instanceof ImageNotFoundError && /no image matches name "nope" \(any type, states \[AVAILABLE\]\)\.$/.test(e.message),
    );
  });

  /**
   * getImage as the server and this package run it, written out here independently of
   * simulateGetImage: DescribeImages' Names / Arns / Type on the server, then the selector and
   * filters, then pickImage. The image, or the error.
   */
  const run = (args: Record<string, unknown>, pool: Image[]): Image | Error => {
    try {
      const q = parseGetImageArgs(args);
      const request = describeImagesRequest(q);
      const served = pool.filter((i) => (!request.Names || request.Names.includes(i.name)) && (!request.Arns || request.Arns.includes(i.arn ?? "")) && (!request.Type || i.visibility === request.Type));
      return pickImage(q, selectImages(q, served), "", pool);
    } catch (e) {
      return e as Error;
    }
  };
  const withArns = catalogue.map((i) => ({ ...i, arn: `arn:aws:appstream:us-east-1::image/${i.name}` }));

  const misses: { title: string; args: Record<string, unknown>; first: ImageSuggestion }[] = [
    { title: "a filter that removes every match: the filter value the matches have", args: { nameRegex: "AmazonLinux2", platform: "WINDOWS_SERVER_2019" }, first: { change: { platform: "AMAZON_LINUX2" }, finds: "AppStream-AmazonLinux2-06-17-2024" } },
    { title: "imageBuilderSupported", args: { nameRegex: "AmazonLinux2", imageBuilderSupported: true }, first: { change: { imageBuilderSupported: false }, finds: "AppStream-AmazonLinux2-06-17-2024" } },
    { title: "type: the one the image has", args: { nameRegex: "^AppStream-AmazonLinux2", type: "PRIVATE" }, first: { change: { type: "PUBLIC" }, finds: "AppStream-AmazonLinux2-06-17-2024" } },
    { title: "a misspelt name: the nearest names that pass the filters", args: { name: "AppStream-WinServer2019-06-17-2023" }, first: { change: { name: "AppStream-WinServer2019-06-17-2024" }, finds: "AppStream-WinServer2019-06-17-2024" } },
    { title: "a regex that matches nothing: the nearest name in its place", args: { nameRegex: "^AppStream-WinServer2016-" }, first: { change: { name: "AppStream-WinServer2019-01-10-2024", nameRegex: undefined }, finds: "AppStream-WinServer2019-01-10-2024" } },
    { title: "several images behind one change: mostRecent added", args: { nameRegex: "WinServer2019", platform: "AMAZON_LINUX2" }, first: { change: { platform: "WINDOWS_SERVER_2019", mostRecent: true }, finds: "AppStream-WinServer2019-06-17-2024" } },
    { title: "an unknown ARN: the nearest ARN", args: { arn: "arn:aws:appstream:us-east-1::image/my-pendin" }, first: { change: { arn: "arn:aws:appstream:us-east-1::image/my-pending", states: ["AVAILABLE", "PENDING"] }, finds: "my-pending" } },
  ];
  for (const { title, args, first } of misses) {
    it(`no match, suggestions from what the account has: ${title}; each suggestion, applied, finds its image`, () => {
      const r = run(args, withArns);
      assert.ok(r instanceof ImageNotFoundError, String(r instanceof Error ? r.message : r?.name));
      assert.ok(r.suggestions.length > 0 && r.suggestions.length <= MAX_SUGGESTIONS, r.message);
      assert.deepEqual(r.suggestions[0], first, r.message);
      for (const x of r.suggestions) {
        const found = run(applyChange(args, x.change), withArns);
        assert.ok(!(found instanceof Error), `${formatChange(x.change)}: ${found instanceof Error ? found.message : ""}`);
        assert.equal(found.name, x.finds, formatChange(x.change));
        assert.ok(r.message.includes(`${formatChange(x.change)} finds ${x.finds}`), r.message);
      }
    });
  }

  it("every suggestion of any failed query finds its image (property, over the catalogue)", () => {
    const names = withArns.map((i) => i.name);
    const selector = fc.oneof(
      fc.constantFrom(...names).chain((n) => fc.tuple(fc.constant(n), fc.nat(n.length - 1), fc.constantFrom("a", "0", "-", "X"))).map(([n, at, c]) => ({ name: n.slice(0, at) + c + n.slice(at + 1) })),
      fc.constantFrom("^AppStream-", "WinServer20", "Linux", "^my-", "^nothing$", "2024$", "x").map((r) => ({ nameRegex: r })),
      fc.constantFrom(...withArns.map((i) => i.arn)).map((a) => ({ arn: a.slice(0, -1) })),
    );
    const filters = fc.record(
      {
        type: fc.constantFrom("PUBLIC", "PRIVATE", "SHARED"),
        platform: fc.constantFrom("WINDOWS_SERVER_2019", "AMAZON_LINUX2", "WINDOWS_SERVER_2022"),
        imageBuilderSupported: fc.boolean(),
        states: fc.subarray(["AVAILABLE", "PENDING", "FAILED"], { minLength: 1 }),
        mostRecent: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(selector, filters, (sel, f) => {
        const args = { ...sel, ...f };
        const r = run(args, withArns);
        if (!(r instanceof ImageNotFoundError)) return;
        for (const x of r.suggestions) {
          const found = run(applyChange(args, x.change), withArns);
          assert.ok(!(found instanceof Error) && found.name === x.finds, `${JSON.stringify(args)} + ${formatChange(x.change)}: ${found instanceof Error ? found.message : found.name}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("no image at all: says so instead of suggesting", () => {
    const r = run({ nameRegex: "x" }, []);
    assert.ok(r instanceof ImageNotFoundError);
    assert.deepEqual(r.suggestions, []);
    assert.match(r.message, /No image is visible to this account here\.$/);
  });

  it("several matches without mostRecent: lists names and created times, newest first, and suggests mostRecent", () => {
    const q = parseGetImageArgs({ nameRegex: "WinServer2019" });
    assert.throws(
      () => pickImage(q, selectImages(q, catalogue)),
      (e: unknown) => {
        assert.ok(e instanceof AmbiguousImageError);
        assert.deepEqual(e.matches, ["AppStream-WinServer2019-06-17-2024", "AppStream-WinServer2019-01-10-2024"]);
        assert.match(
          e.message,
          /^getImage: 2 images match nameRegex \/WinServer2019\/ .*: AppStream-WinServer2019-06-17-2024 \(created 2024-06-17T00:00:00.000Z\); AppStream-WinServer2019-01-10-2024 \(created 2024-01-10T00:00:00.000Z\)\. Set mostRecent: true/,
        );
        return true;
      },
    );
  });

  it("lists at most 10 matches and counts the rest", () => {
    const many = Array.from({ length: 13 }, (_, i) => img(`img-${String(i).padStart(2, "0")}`));
    const q = parseGetImageArgs({ nameRegex: "^img-" });
    assert.throws(() => pickImage(q, selectImages(q, many)), /13 images match .* and 3 more\. Set mostRecent/);
  });

  const newest: { title: string; images: Image[]; expected: string }[] = [
    {
      title: "by CreatedTime even when names sort the other way",
      images: [img("z-old", { createdTime: "2023-01-01T00:00:00.000Z" }), img("a-new", { createdTime: "2024-01-01T00:00:00.000Z" })],
      expected: "a-new",
    },
    {
      title: "comparing instants, not strings (a string compare gets this one wrong)",
      images: [img("whole-second", { createdTime: "2024-06-17T00:00:00Z" }), img("half-second-later", { createdTime: "2024-06-17T00:00:00.500Z" })],
      expected: "half-second-later",
    },
    {
      title: "ties broken by name",
      images: [img("b"), img("a"), img("c")],
      expected: "a",
    },
    {
      title: "an image without CreatedTime is never the newest",
      images: [img("undated", { createdTime: undefined }), img("dated", { createdTime: "2000-01-01T00:00:00.000Z" })],
      expected: "dated",
    },
  ];
  for (const { title, images, expected } of newest) {
    it(`mostRecent picks the newest ${title}`, () => {
      const q = parseGetImageArgs({ nameRegex: ".", mostRecent: true });
      assert.equal(pickImage(q, selectImages(q, images)).name, expected);
      assert.equal(newestFirst(images)[0].name, expected);
    });
  }
});
