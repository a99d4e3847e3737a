"""Policies in the shape of INGEST_JSON.md, plus ids."""

from rest_framework import serializers

from .models import Benefit, Clause, Policy


class BenefitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Benefit
        fields = ["kind", "ratio", "base", "cap_yuan", "currency", "per_year", "years", "evidence"]


class ClauseSerializer(serializers.ModelSerializer):
    benefits = BenefitSerializer(many=True, read_only=True)

    class Meta:
        model = Clause
        fields = [
            "id",
            "number",
            "heading",
            "text",
            "span",
            "kind",
            "currency",
            "max_amount_yuan",
            "amounts_yuan",
            "ratios",
            "benefits",
            "conditions",
            "qualifications",
            "thresholds",
            "requirements",
            "departments",
            "tags",
            "version",
        ]


class PolicyListSerializer(serializers.ModelSerializer):
    validity = serializers.CharField(read_only=True, help_text="in_force | pending | expired | draft")

    class Meta:
        model = Policy
        fields = [
            "id",
            "title",
            "doc_number",
            "issuer",
            "province",
            "city",
            "region",
            "published_on",
            "effective_from",
            "effective_until",
            "is_draft",
            "stacking",
            "validity",
            "apply_from",
            "apply_until",
            "handling_office",
            "contact_phone",
        ]


class PolicySerializer(PolicyListSerializer):
    clauses = ClauseSerializer(many=True, read_only=True)

    class Meta(PolicyListSerializer.Meta):
        fields = [*PolicyListSerializer.Meta.fields, "supersedes", "span", "version", "clauses"]
