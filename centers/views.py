from django.shortcuts import render

from centers.selectors import streets_with_centers


def home(request):
    """Who we are: the streets' centers and rooms, and how to reach them."""
    return render(request, "centers/home.html", {"streets": streets_with_centers()})
