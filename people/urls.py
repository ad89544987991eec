from django.urls import path

from people import views, views_admin, views_interactions, views_network

app_name = "people"
# Fixed words first: a profile key may be any single path segment. The profile page and the handover page
# (`<key>/`, `<key>/handover/`) are composed above the apps they show: intranet/urls.py adds them last.
urlpatterns = [
    path("me/edit/", views.edit, name="edit"),
    path("me/skills/add/", views.add_skill, name="add_skill"),
    path("me/skills/confirm/", views.confirm_skills, name="confirm_skills"),
    path("me/skills/propose/", views.propose_skill, name="propose_skill"),
    path("me/skills/<int:held_id>/remove/", views.remove_skill, name="remove_skill"),
    path("me/photo/", views.upload_photo, name="photo"),
    path("me/photo/remove/", views.remove_photo, name="remove_photo"),
    path("me/data.json", views.my_data, name="my_data"),
    path("skills/proposals/", views_admin.skill_proposals, name="skill_proposals"),
    path("organisations/<str:key>/", views_network.organisation, name="organisation"),
    path("partnerships/", views_network.partnerships, name="partnerships"),
    path("partnerships/new/", views_network.partnership_form, name="partnership_new"),
    path("partnerships/<str:key>/edit/", views_network.partnership_form, name="partnership_edit"),
    path("contacts/", views_network.contacts, name="contacts"),
    path("contacts/new/", views_network.contact_form, name="contact_new"),
    path("contacts/import/", views_network.contact_import, name="contact_import"),
    path("contacts/export.vcf", views_network.contact_export, name="contact_export"),
    path("contacts/<str:key>/", views_network.contact, name="contact"),
    path("contacts/<str:key>/edit/", views_network.contact_form, name="contact_edit"),
    path("interactions/<str:key>/edit/", views_interactions.edit, name="interaction_edit"),
    path("interactions/<str:key>/delete/", views_interactions.delete, name="interaction_delete"),
    path("<str:key>/vcard.vcf", views.vcard, name="vcard"),
    path("<str:key>/photo.jpg", views.photo_file, name="photo_file"),
    path("<str:key>/availability/", views.availability, name="availability"),
    path("<str:key>/endorse/<str:skill>/", views.endorse, name="endorse"),
]
