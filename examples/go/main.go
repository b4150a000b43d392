// One AppStream 2.0 fleet, RUNNING, on the newest Windows Server 2019 base image.
//
// The same program as examples/yaml, in Go: the package appstreamfleet is the provider's Go SDK,
// the module github.com/pulumi-appstream-fleet/pulumi-appstream-fleet/sdk (`go get`, see
// README.md); the engine downloads the plugin it names.
package main

import (
	"github.com/pulumi-appstream-fleet/pulumi-appstream-fleet/sdk/go/appstreamfleet"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		instanceType := config.Get(ctx, "instanceType")
		if instanceType == "" {
			instanceType = "stream.standard.medium"
		}

		// The newest AVAILABLE public Windows Server 2019 base image.
		image, err := appstreamfleet.GetImage(ctx, &appstreamfleet.GetImageArgs{
			NameRegex:  pulumi.StringRef("^AppStream-WinServer2019-"),
			Type:       pulumi.StringRef("PUBLIC"),
			MostRecent: pulumi.BoolRef(true),
		})
		if err != nil {
			return err
		}

		fleet, err := appstreamfleet.NewFleet(ctx, "fleet", &appstreamfleet.FleetArgs{
			Name:            pulumi.String("go-fleet"),
			ImageName:       pulumi.String(image.Name),
			InstanceType:    pulumi.String(instanceType),
			FleetType:       pulumi.String("ON_DEMAND"),
			ComputeCapacity: &appstreamfleet.ComputeCapacityArgs{DesiredInstances: pulumi.Int(1)},
			DesiredState:    pulumi.String("RUNNING"),
			Drain:           &appstreamfleet.DrainOptionsArgs{TimeoutSeconds: pulumi.Int(60)},
		})
		if err != nil {
			return err
		}

		ctx.Export("fleetName", fleet.Name)
		ctx.Export("state", fleet.State)
		ctx.Export("instanceType", fleet.InstanceType)
		ctx.Export("imageName", pulumi.String(image.Name))
		return nil
	})
}
