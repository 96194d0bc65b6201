using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains.Security;

namespace RetentionActors.Grains.Coupons;

/// <summary>Coupon codes keyed with the cluster secret: the same customer and scope give the same code, and nobody outside can derive one.</summary>
public sealed class CouponCodes(ClusterSecret secret)
{
    public string For(string customerId, string scope) => Codes.Coupon(secret.CouponCodeKey, customerId, scope);
}
