"""Follow-up and reporting for decision makers: contract fulfilment, outcomes, socio-economic estimate,
fairness monitoring (auditor only), the annual report and the model card."""
