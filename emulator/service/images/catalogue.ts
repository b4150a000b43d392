/**
 * The default image catalogue, in the AWS JSON shape DescribeImages returns (timestamps in
 * epoch seconds, ARNs in us-east-1; answers rewrite the region to the caller's). Public base
 * images follow AWS's naming (`AppStream-<OS>-MM-DD-YYYY`, released on that date with the
 * agent of that date). There are more than 25 images, so listing them all takes two pages, and
 * non-AVAILABLE, private, shared and imported (BYOL, Windows 11) images exist to exercise the
 * rules around them. Between them the images carry every member of the model's Image shape
 * (tests/emulator/service-model.test.ts checks that against the model).
 */
import { DEFAULT_ACCOUNT_ID } from "../constants";
import type { ApplicationJson, ImageJson, Platform } from "../types";

const GENERAL_FAMILIES = ["GENERAL_PURPOSE", "COMPUTE_OPTIMIZED", "MEMORY_OPTIMIZED"];
const REGION = "us-east-1";
const PARTNER_ACCOUNT = "444455556666";

/** "06-17-2024" -> epoch seconds at 00:00 UTC that day. */
function releaseDate(mmddyyyy: string): number {
  const [mm, dd, yyyy] = mmddyyyy.split("-").map(Number);
  return Date.UTC(yyyy, mm - 1, dd) / 1000;
}

interface PublicSpec {
  os: string;
  platform: Platform;
  dates: string[];
  prefix?: string;
  families?: string[];
  /** Dates whose image cannot launch an image builder (old agents). */
  noBuilder?: string[];
  /** Graphics images: the NVIDIA GRID driver installed (ImageSoftwareMetadata). */
  gridDriver?: string;
}

const OS_LABEL: Record<Platform, string> = {
  WINDOWS: "Windows Server 2012 R2",
  WINDOWS_SERVER_2016: "Windows Server 2016",
  WINDOWS_SERVER_2019: "Windows Server 2019",
  WINDOWS_SERVER_2022: "Windows Server 2022",
  WINDOWS_SERVER_2025: "Windows Server 2025",
  WINDOWS_11: "Windows 11",
  AMAZON_LINUX2: "Amazon Linux 2",
  RHEL8: "Red Hat Enterprise Linux 8",
  ROCKY_LINUX8: "Rocky Linux 8",
  UBUNTU_PRO_2404: "Ubuntu Pro 24.04",
};

const PUBLIC_SPECS: PublicSpec[] = [
  { os: "WinServer2012R2", platform: "WINDOWS", dates: ["07-19-2023"], noBuilder: ["07-19-2023"] },
  { os: "WinServer2016", platform: "WINDOWS_SERVER_2016", dates: ["06-17-2024", "01-12-2025", "03-11-2025"] },
  {
    os: "WinServer2019",
    platform: "WINDOWS_SERVER_2019",
    dates: ["03-03-2022", "11-13-2023", "06-17-2024", "01-12-2025", "03-11-2025"],
    noBuilder: ["03-03-2022"],
  },
  { os: "WinServer2022", platform: "WINDOWS_SERVER_2022", dates: ["11-13-2023", "06-17-2024", "01-12-2025", "03-11-2025"] },
  { os: "WinServer2025", platform: "WINDOWS_SERVER_2025", dates: ["03-11-2025", "06-10-2025"] },
  { os: "AmazonLinux2", platform: "AMAZON_LINUX2", dates: ["11-13-2023", "06-17-2024", "01-12-2025", "03-11-2025"] },
  { os: "RHEL8", platform: "RHEL8", dates: ["06-17-2024", "01-12-2025"] },
  { os: "RockyLinux8", platform: "ROCKY_LINUX8", dates: ["06-17-2024", "01-12-2025"] },
  { os: "UbuntuPro2404", platform: "UBUNTU_PRO_2404", dates: ["03-11-2025", "06-10-2025"] },
  { os: "WinServer2019", prefix: "AppStream-Graphics-G4dn", platform: "WINDOWS_SERVER_2019", dates: ["06-17-2024"], families: ["GRAPHICS_G4DN"], gridDriver: "538.15" },
  { os: "WinServer2022", prefix: "AppStream-Graphics-G4dn", platform: "WINDOWS_SERVER_2022", dates: ["01-12-2025"], families: ["GRAPHICS_G4DN"], gridDriver: "553.24" },
  { os: "WinServer2022", prefix: "AppStream-Graphics-G5", platform: "WINDOWS_SERVER_2022", dates: ["01-12-2025"], families: ["GRAPHICS_G5"], gridDriver: "553.24" },
  { os: "WinServer2022", prefix: "AppStream-Graphics-G6", platform: "WINDOWS_SERVER_2022", dates: ["03-11-2025"], families: ["GRAPHICS_G6"], gridDriver: "553.62" },
  { os: "WinServer2022", prefix: "AppStream-Graphics-G7", platform: "WINDOWS_SERVER_2022", dates: ["03-11-2025"], families: ["GRAPHICS_G7"], gridDriver: "573.07.1" },
];

function publicImages(spec: PublicSpec): ImageJson[] {
  const latest = spec.dates[spec.dates.length - 1];
  return spec.dates.map((date) => {
    const name = `${spec.prefix ?? "AppStream"}-${spec.os}-${date}`;
    return {
      Name: name,
      Arn: `arn:aws:appstream:${REGION}::image/${name}`,
      DisplayName: name,
      Description: `${OS_LABEL[spec.platform]} base image${spec.prefix ? " for graphics instances" : ""}, released ${date}`,
      State: "AVAILABLE",
      Visibility: "PUBLIC",
      ImageBuilderSupported: !(spec.noBuilder ?? []).includes(date),
      Platform: spec.platform,
      CreatedTime: releaseDate(date),
      PublicBaseImageReleasedDate: releaseDate(date),
      AppstreamAgentVersion: date,
      LatestAppstreamAgentVersion: date === latest ? "TRUE" : "FALSE",
      SupportedInstanceFamilies: spec.families ?? GENERAL_FAMILIES,
      ImageType: "NATIVE",
      DynamicAppProvidersEnabled: "DISABLED",
      ImageSharedWithOthers: "FALSE",
      ManagedSoftwareIncluded: false,
      ...(spec.gridDriver ? { ImageSoftwareMetadata: { nvidiaGridDriverVersion: spec.gridDriver } } : {}),
    };
  });
}

const app = (name: string, displayName: string, launchPath: string): ApplicationJson => ({
  Name: name,
  DisplayName: displayName,
  LaunchPath: launchPath,
  Enabled: true,
  Metadata: {},
  Platforms: ["WINDOWS_SERVER_2019"],
  InstanceFamilies: GENERAL_FAMILIES,
});

const SAMPLE_IMAGE: ImageJson = {
  Name: "Amazon-AppStream2-Sample-Image-03-11-2023",
  Arn: `arn:aws:appstream:${REGION}::image/Amazon-AppStream2-Sample-Image-03-11-2023`,
  DisplayName: "Amazon AppStream 2.0 sample image",
  Description: "Sample applications for trying AppStream 2.0",
  State: "AVAILABLE",
  Visibility: "PUBLIC",
  ImageBuilderSupported: false,
  Platform: "WINDOWS_SERVER_2019",
  CreatedTime: releaseDate("03-11-2023"),
  PublicBaseImageReleasedDate: releaseDate("03-11-2023"),
  AppstreamAgentVersion: "03-11-2023",
  LatestAppstreamAgentVersion: "FALSE",
  Applications: [
    {
      // An application with every member of the model's Application shape.
      ...app("Firefox", "Firefox", "C:\\Program Files\\Mozilla Firefox\\firefox.exe"),
      Description: "Mozilla Firefox web browser",
      Arn: `arn:aws:appstream:${REGION}::application/Firefox`,
      AppBlockArn: `arn:aws:appstream:${REGION}::app-block/Firefox`,
      IconURL: "https://appstream2.example.com/icons/firefox.png",
      IconS3Location: { S3Bucket: "appstream2-sample-icons", S3Key: "firefox.png" },
      LaunchParameters: "-private-window",
      WorkingDirectory: "C:\\Users\\PhotonUser",
      CreatedTime: releaseDate("03-11-2023"),
    },
    app("Notepad++", "Notepad++", "C:\\Program Files\\Notepad++\\notepad++.exe"),
  ],
  SupportedInstanceFamilies: GENERAL_FAMILIES,
  ImageType: "NATIVE",
  DynamicAppProvidersEnabled: "DISABLED",
  ImageSharedWithOthers: "FALSE",
  ManagedSoftwareIncluded: false,
};

function privateImage(name: string, created: string, extra: Partial<ImageJson>): ImageJson {
  const base = "AppStream-WinServer2019-06-17-2024";
  return {
    Name: name,
    Arn: `arn:aws:appstream:${REGION}:${DEFAULT_ACCOUNT_ID}:image/${name}`,
    BaseImageArn: `arn:aws:appstream:${REGION}::image/${base}`,
    DisplayName: name,
    Description: "Company desktop applications",
    State: "AVAILABLE",
    Visibility: "PRIVATE",
    ImageBuilderSupported: true,
    ImageBuilderName: "company-builder",
    Platform: "WINDOWS_SERVER_2019",
    CreatedTime: releaseDate(created),
    PublicBaseImageReleasedDate: releaseDate("06-17-2024"),
    AppstreamAgentVersion: "06-17-2024",
    LatestAppstreamAgentVersion: "FALSE",
    ImagePermissions: { allowFleet: true, allowImageBuilder: true },
    SupportedInstanceFamilies: GENERAL_FAMILIES,
    ImageType: "CUSTOM",
    DynamicAppProvidersEnabled: "DISABLED",
    ImageSharedWithOthers: "FALSE",
    ManagedSoftwareIncluded: false,
    ...extra,
  };
}

const COMPANY_APPS: ApplicationJson[] = [
  app("Firefox", "Mozilla Firefox", "C:\\Program Files\\Mozilla Firefox\\firefox.exe"),
  app("NotepadPlusPlus", "Notepad++", "C:\\Program Files\\Notepad++\\notepad++.exe"),
  app("VSCode", "Visual Studio Code", "C:\\Program Files\\Microsoft VS Code\\Code.exe"),
];

const PRIVATE_AND_SHARED: ImageJson[] = [
  // Shared with another account, with dynamic app providers and AWS-managed (license-included) software.
  privateImage("company-apps-2025-03", "03-20-2025", {
    Applications: COMPANY_APPS,
    ImageSharedWithOthers: "TRUE",
    DynamicAppProvidersEnabled: "ENABLED",
    ManagedSoftwareIncluded: true,
  }),
  privateImage("company-apps-2025-04", "04-22-2025", { State: "PENDING", Applications: COMPANY_APPS }),
  privateImage("company-apps-2025-02", "02-18-2025", {
    State: "FAILED",
    StateChangeReason: { Code: "IMAGE_BUILDER_NOT_AVAILABLE", Message: "The image builder company-builder was not available." },
    ImageErrors: [
      { ErrorCode: "INTERNAL_SERVICE_ERROR", ErrorMessage: "The image builder company-builder was not available.", ErrorTimestamp: releaseDate("02-18-2025") },
    ],
  }),
  // Windows 11, imported with the account's own licenses (ImageType BYOL): no AppStream base image.
  {
    ...privateImage("company-win11-byol-2025-06", "06-16-2025", { Platform: "WINDOWS_11", ImageType: "BYOL", Description: "Windows 11 desktop imported with our own licenses" }),
    BaseImageArn: undefined,
    ImageBuilderName: undefined,
    PublicBaseImageReleasedDate: undefined,
  },
  privateImage("company-apps-2024-12", "12-10-2024", { State: "DELETING" }),
  {
    ...privateImage("partner-cad-suite-2025-01", "01-30-2025", {
      Description: "CAD suite shared by a partner account",
      Applications: [app("CadSuite", "CAD Suite", "C:\\Program Files\\CadSuite\\cad.exe")],
    }),
    Arn: `arn:aws:appstream:${REGION}:${PARTNER_ACCOUNT}:image/partner-cad-suite-2025-01`,
    Visibility: "SHARED",
    ImageBuilderName: undefined,
    ImagePermissions: { allowFleet: true, allowImageBuilder: false },
  },
];

export const DEFAULT_IMAGES: readonly ImageJson[] = Object.freeze(
  [...PUBLIC_SPECS.flatMap(publicImages), SAMPLE_IMAGE, ...PRIVATE_AND_SHARED].map(
    (i) => Object.fromEntries(Object.entries(i).filter(([, v]) => v !== undefined)) as ImageJson,
  ),
);
