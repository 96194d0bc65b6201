namespace RetentionActors.Contracts.Security;

/// <summary>What a terminal credential lets its holder do at the gateway. Everything else is for the cluster itself.</summary>
public enum TerminalRole
{
    /// <summary>A cashier's till: identify, earn, redeem, refund, enroll, balance, feedback, coupons on a receipt.</summary>
    Till = 1,

    /// <summary>A self-service kiosk: identify, balance, enroll, feedback, reward claims.</summary>
    Kiosk = 2,
}
