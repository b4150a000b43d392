// One AppStream 2.0 fleet, RUNNING, on the newest Windows Server 2019 base image.
//
// The same program as examples/yaml, in Java: com.pulumi.appstreamfleet is the provider's Java SDK
// (the Maven artifact io.github.pulumi-appstream-fleet:appstream-fleet, see README.md); the engine
// downloads the plugin it names.
package myproject;

import com.pulumi.Pulumi;
import com.pulumi.appstreamfleet.AppstreamfleetFunctions;
import com.pulumi.appstreamfleet.Fleet;
import com.pulumi.appstreamfleet.FleetArgs;
import com.pulumi.appstreamfleet.inputs.ComputeCapacityArgs;
import com.pulumi.appstreamfleet.inputs.DrainOptionsArgs;
import com.pulumi.appstreamfleet.inputs.GetImageArgs;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var instanceType = ctx.config().get("instanceType").orElse("stream.standard.medium");

            // The newest AVAILABLE public Windows Server 2019 base image.
            var image = AppstreamfleetFunctions.getImage(GetImageArgs.builder()
                .nameRegex("^AppStream-WinServer2019-")
                .type("PUBLIC")
                .mostRecent(true)
                .build());

            var fleet = new Fleet("fleet", FleetArgs.builder()
                .name("java-fleet")
                .imageName(image.applyValue(i -> i.name()))
                .instanceType(instanceType)
                .fleetType("ON_DEMAND")
                .computeCapacity(ComputeCapacityArgs.builder().desiredInstances(1).build())
                .desiredState("RUNNING")
                .drain(DrainOptionsArgs.builder().timeoutSeconds(60).build())
                .build());

            ctx.export("fleetName", fleet.name());
            ctx.export("state", fleet.state());
            ctx.export("instanceType", fleet.instanceType());
            ctx.export("imageName", image.applyValue(i -> i.name()));
        });
    }
}
