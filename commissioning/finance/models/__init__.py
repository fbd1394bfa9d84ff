"""The finance app's records, one module per area (budgets, savings, virements, spend...), all exported here."""

# Budgets and monitoring, the MTFS and savings (finance-savings)
from commissioning.finance.models.budgets import (
    BudgetLine,
    BudgetMonitoring,
)
from commissioning.finance.models.mtfs import MtfsYear

# Pooled budgets (finance-pools)
from commissioning.finance.models.pools import (
    PoolContribution,
    PooledFund,
    PoolPartner,
    PoolPayment,
    PoolSpend,
    PoolYear,
    RiskShareMethod,
)
from commissioning.finance.models.savings import (
    EvidenceKind,
    Rag,
    SavingsEvidence,
    SavingsLine,
    SavingsSlippage,
    SavingsStatus,
    SavingsYear,
)

# Spend (finance-spend)
from commissioning.finance.models.spend import (
    ExpenseAreaMapping,
    MatchedBy,
    SpendImport,
    SpendImportSource,
    SpendTransaction,
    SupplierMapping,
)

# Virements (finance-virements)
from commissioning.finance.models.virements import (
    Approver,
    Permanence,
    Virement,
    VirementBand,
    VirementSettings,
    VirementStatus,
)

__all__ = [
    "Approver",
    "BudgetLine",
    "BudgetMonitoring",
    "EvidenceKind",
    "ExpenseAreaMapping",
    "MatchedBy",
    "MtfsYear",
    "Permanence",
    "PoolContribution",
    "PoolPartner",
    "PoolPayment",
    "PoolSpend",
    "PoolYear",
    "PooledFund",
    "Rag",
    "RiskShareMethod",
    "SavingsEvidence",
    "SavingsLine",
    "SavingsSlippage",
    "SavingsStatus",
    "SavingsYear",
    "SpendImport",
    "SpendImportSource",
    "SpendTransaction",
    "SupplierMapping",
    "Virement",
    "VirementBand",
    "VirementSettings",
    "VirementStatus",
]
