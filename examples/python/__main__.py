"""One AppStream 2.0 fleet, RUNNING, on the newest Windows Server 2019 base image.

The same program as examples/yaml, in Python: `pulumi_appstream_fleet` is the provider's Python
SDK (`pip install pulumi-appstream-fleet`, see README.md); the engine downloads the plugin it
names. Snake_case here, the schema's camelCase names on the wire.
"""
import pulumi
import pulumi_appstream_fleet as appstream_fleet

config = pulumi.Config()
instance_type = config.get("instanceType") or "stream.standard.medium"

# The newest AVAILABLE public Windows Server 2019 base image.
image = appstream_fleet.get_image(name_regex="^AppStream-WinServer2019-", type="PUBLIC", most_recent=True)

fleet = appstream_fleet.Fleet(
    "fleet",
    name="python-fleet",
    image_name=image.name,
    instance_type=instance_type,
    fleet_type="ON_DEMAND",
    compute_capacity=appstream_fleet.ComputeCapacityArgs(desired_instances=1),
    desired_state="RUNNING",
    drain=appstream_fleet.DrainOptionsArgs(timeout_seconds=60),
)

pulumi.export("fleetName", fleet.name)
pulumi.export("state", fleet.state)
pulumi.export("instanceType", fleet.instance_type)
pulumi.export("imageName", image.name)
