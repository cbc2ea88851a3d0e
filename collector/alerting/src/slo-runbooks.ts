import type { Runbook } from './AlertRule.ts';

/** Runbooks of the alerts Sloth generates from slo/ (their names are set in the specs). */
export const SLO_RUNBOOKS: Record<string, Runbook & { severity: string }> = {
  SLOErrorBudgetBurn: {
    severity: 'critical (fast burn) / warning (slow burn)',
    meaning: 'An SLO spends its 30-day error budget faster than it can afford, in both windows of a burn-rate pair (a long window to be sure, a short one to stop alerting soon after recovery). Critical = the budget would be gone within days; warning = within weeks.',
    symptoms: ['The SLOs dashboard shows burn rates above 1 in the named windows (`sloth_slo`, `burn_window` labels).', 'Often with HighErrorRate or HighLatencyP95 of the same service.'],
    queries: ['slo:sli_error:ratio_rate1h{sloth_service="$service"} / on (sloth_id) group_left slo:error_budget:ratio', 'slo:period_error_budget_remaining:ratio{sloth_service="$service"}', 'sloth_slo_info{sloth_service="$service"}'],
    causes: ['Availability SLOs: server errors (see the HighErrorRate runbook).', 'Latency SLOs: requests slower than the SLO threshold (see HighLatencyP95).', 'A dependency failing behind an open breaker.'],
    resolution: ['Treat the cause as for the matching symptom alert; the SLO alert tells you how urgent it is.', 'After recovery, check the remaining budget: below 20% means freezing risky changes until it recovers (see SLOErrorBudgetLow).'],
    escalation: 'Critical: on-call engineer now (pages); warning: a ticket for the service team within a working day.',
  },
  SLOErrorBudgetLow: {
    severity: 'warning',
    meaning: 'Less than 20% of an SLO\'s 30-day error budget is left.',
    symptoms: ['The budget-remaining panel of the SLOs dashboard is below 20%.'],
    queries: ['slo:period_error_budget_remaining:ratio{sloth_service="$service"}', 'slo:period_burn_rate:ratio{sloth_service="$service"}'],
    causes: ['Earlier incidents used up the budget; or a steady slow burn that no fast-burn alert caught.'],
    resolution: ['Slow down risky changes (deploy freeze for the service, or extra review) until the budget recovers.', 'Plan reliability work from the incidents that used the budget.'],
    escalation: 'Service owner and product owner decide on the freeze within a working day.',
  },
  SLOErrorBudgetExhausted: {
    severity: 'critical',
    meaning: 'An SLO has used all of its 30-day error budget: the objective is missed for this period.',
    symptoms: ['The budget-remaining panel of the SLOs dashboard is at or below 0%.'],
    queries: ['slo:period_error_budget_remaining:ratio{sloth_service="$service"}', 'slo:sli_error:ratio_rate30d{sloth_service="$service"}'],
    causes: ['A long incident, or several; a slow burn that went unanswered.'],
    resolution: ['Stop feature deploys of the service; only fixes that reduce errors or latency ship.', 'Hold a post-mortem (docs/incident-response.md) and agree on the reliability work.'],
    escalation: 'Service owner, product owner and the incident commander of the incidents involved.',
  },
};
